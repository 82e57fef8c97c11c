import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-7XMN4UL4.js";

// node_modules/graceful-fs/polyfills.js
var require_polyfills = __commonJS({
  "node_modules/graceful-fs/polyfills.js"(exports, module) {
    var constants = __require("constants");
    var origCwd = process.cwd;
    var cwd = null;
    var platform = process.env.GRACEFUL_FS_PLATFORM || process.platform;
    process.cwd = function() {
      if (!cwd)
        cwd = origCwd.call(process);
      return cwd;
    };
    try {
      process.cwd();
    } catch (er) {
    }
    if (typeof process.chdir === "function") {
      chdir = process.chdir;
      process.chdir = function(d) {
        cwd = null;
        chdir.call(process, d);
      };
      if (Object.setPrototypeOf) Object.setPrototypeOf(process.chdir, chdir);
    }
    var chdir;
    module.exports = patch;
    function patch(fs) {
      if (constants.hasOwnProperty("O_SYMLINK") && process.version.match(/^v0\.6\.[0-2]|^v0\.5\./)) {
        patchLchmod(fs);
      }
      if (!fs.lutimes) {
        patchLutimes(fs);
      }
      fs.chown = chownFix(fs.chown);
      fs.fchown = chownFix(fs.fchown);
      fs.lchown = chownFix(fs.lchown);
      fs.chmod = chmodFix(fs.chmod);
      fs.fchmod = chmodFix(fs.fchmod);
      fs.lchmod = chmodFix(fs.lchmod);
      fs.chownSync = chownFixSync(fs.chownSync);
      fs.fchownSync = chownFixSync(fs.fchownSync);
      fs.lchownSync = chownFixSync(fs.lchownSync);
      fs.chmodSync = chmodFixSync(fs.chmodSync);
      fs.fchmodSync = chmodFixSync(fs.fchmodSync);
      fs.lchmodSync = chmodFixSync(fs.lchmodSync);
      fs.stat = statFix(fs.stat);
      fs.fstat = statFix(fs.fstat);
      fs.lstat = statFix(fs.lstat);
      fs.statSync = statFixSync(fs.statSync);
      fs.fstatSync = statFixSync(fs.fstatSync);
      fs.lstatSync = statFixSync(fs.lstatSync);
      if (fs.chmod && !fs.lchmod) {
        fs.lchmod = function(path3, mode, cb) {
          if (cb) process.nextTick(cb);
        };
        fs.lchmodSync = function() {
        };
      }
      if (fs.chown && !fs.lchown) {
        fs.lchown = function(path3, uid, gid, cb) {
          if (cb) process.nextTick(cb);
        };
        fs.lchownSync = function() {
        };
      }
      if (platform === "win32") {
        fs.rename = typeof fs.rename !== "function" ? fs.rename : (function(fs$rename) {
          function rename(from, to, cb) {
            var start = Date.now();
            var backoff = 0;
            fs$rename(from, to, function CB(er) {
              if (er && (er.code === "EACCES" || er.code === "EPERM" || er.code === "EBUSY") && Date.now() - start < 6e4) {
                setTimeout(function() {
                  fs.stat(to, function(stater, st) {
                    if (stater && stater.code === "ENOENT")
                      fs$rename(from, to, CB);
                    else
                      cb(er);
                  });
                }, backoff);
                if (backoff < 100)
                  backoff += 10;
                return;
              }
              if (cb) cb(er);
            });
          }
          if (Object.setPrototypeOf) Object.setPrototypeOf(rename, fs$rename);
          return rename;
        })(fs.rename);
      }
      fs.read = typeof fs.read !== "function" ? fs.read : (function(fs$read) {
        function read(fd, buffer, offset, length, position, callback_) {
          var callback;
          if (callback_ && typeof callback_ === "function") {
            var eagCounter = 0;
            callback = function(er, _, __) {
              if (er && er.code === "EAGAIN" && eagCounter < 10) {
                eagCounter++;
                return fs$read.call(fs, fd, buffer, offset, length, position, callback);
              }
              callback_.apply(this, arguments);
            };
          }
          return fs$read.call(fs, fd, buffer, offset, length, position, callback);
        }
        if (Object.setPrototypeOf) Object.setPrototypeOf(read, fs$read);
        return read;
      })(fs.read);
      fs.readSync = typeof fs.readSync !== "function" ? fs.readSync : /* @__PURE__ */ (function(fs$readSync) {
        return function(fd, buffer, offset, length, position) {
          var eagCounter = 0;
          while (true) {
            try {
              return fs$readSync.call(fs, fd, buffer, offset, length, position);
            } catch (er) {
              if (er.code === "EAGAIN" && eagCounter < 10) {
                eagCounter++;
                continue;
              }
              throw er;
            }
          }
        };
      })(fs.readSync);
      function patchLchmod(fs2) {
        fs2.lchmod = function(path3, mode, callback) {
          fs2.open(
            path3,
            constants.O_WRONLY | constants.O_SYMLINK,
            mode,
            function(err, fd) {
              if (err) {
                if (callback) callback(err);
                return;
              }
              fs2.fchmod(fd, mode, function(err2) {
                fs2.close(fd, function(err22) {
                  if (callback) callback(err2 || err22);
                });
              });
            }
          );
        };
        fs2.lchmodSync = function(path3, mode) {
          var fd = fs2.openSync(path3, constants.O_WRONLY | constants.O_SYMLINK, mode);
          var threw = true;
          var ret;
          try {
            ret = fs2.fchmodSync(fd, mode);
            threw = false;
          } finally {
            if (threw) {
              try {
                fs2.closeSync(fd);
              } catch (er) {
              }
            } else {
              fs2.closeSync(fd);
            }
          }
          return ret;
        };
      }
      function patchLutimes(fs2) {
        if (constants.hasOwnProperty("O_SYMLINK") && fs2.futimes) {
          fs2.lutimes = function(path3, at, mt, cb) {
            fs2.open(path3, constants.O_SYMLINK, function(er, fd) {
              if (er) {
                if (cb) cb(er);
                return;
              }
              fs2.futimes(fd, at, mt, function(er2) {
                fs2.close(fd, function(er22) {
                  if (cb) cb(er2 || er22);
                });
              });
            });
          };
          fs2.lutimesSync = function(path3, at, mt) {
            var fd = fs2.openSync(path3, constants.O_SYMLINK);
            var ret;
            var threw = true;
            try {
              ret = fs2.futimesSync(fd, at, mt);
              threw = false;
            } finally {
              if (threw) {
                try {
                  fs2.closeSync(fd);
                } catch (er) {
                }
              } else {
                fs2.closeSync(fd);
              }
            }
            return ret;
          };
        } else if (fs2.futimes) {
          fs2.lutimes = function(_a, _b, _c, cb) {
            if (cb) process.nextTick(cb);
          };
          fs2.lutimesSync = function() {
          };
        }
      }
      function chmodFix(orig) {
        if (!orig) return orig;
        return function(target, mode, cb) {
          return orig.call(fs, target, mode, function(er) {
            if (chownErOk(er)) er = null;
            if (cb) cb.apply(this, arguments);
          });
        };
      }
      function chmodFixSync(orig) {
        if (!orig) return orig;
        return function(target, mode) {
          try {
            return orig.call(fs, target, mode);
          } catch (er) {
            if (!chownErOk(er)) throw er;
          }
        };
      }
      function chownFix(orig) {
        if (!orig) return orig;
        return function(target, uid, gid, cb) {
          return orig.call(fs, target, uid, gid, function(er) {
            if (chownErOk(er)) er = null;
            if (cb) cb.apply(this, arguments);
          });
        };
      }
      function chownFixSync(orig) {
        if (!orig) return orig;
        return function(target, uid, gid) {
          try {
            return orig.call(fs, target, uid, gid);
          } catch (er) {
            if (!chownErOk(er)) throw er;
          }
        };
      }
      function statFix(orig) {
        if (!orig) return orig;
        return function(target, options, cb) {
          if (typeof options === "function") {
            cb = options;
            options = null;
          }
          function callback(er, stats) {
            if (stats) {
              if (stats.uid < 0) stats.uid += 4294967296;
              if (stats.gid < 0) stats.gid += 4294967296;
            }
            if (cb) cb.apply(this, arguments);
          }
          return options ? orig.call(fs, target, options, callback) : orig.call(fs, target, callback);
        };
      }
      function statFixSync(orig) {
        if (!orig) return orig;
        return function(target, options) {
          var stats = options ? orig.call(fs, target, options) : orig.call(fs, target);
          if (stats) {
            if (stats.uid < 0) stats.uid += 4294967296;
            if (stats.gid < 0) stats.gid += 4294967296;
          }
          return stats;
        };
      }
      function chownErOk(er) {
        if (!er)
          return true;
        if (er.code === "ENOSYS")
          return true;
        var nonroot = !process.getuid || process.getuid() !== 0;
        if (nonroot) {
          if (er.code === "EINVAL" || er.code === "EPERM")
            return true;
        }
        return false;
      }
    }
  }
});

// node_modules/graceful-fs/legacy-streams.js
var require_legacy_streams = __commonJS({
  "node_modules/graceful-fs/legacy-streams.js"(exports, module) {
    var Stream = __require("stream").Stream;
    module.exports = legacy;
    function legacy(fs) {
      return {
        ReadStream,
        WriteStream
      };
      function ReadStream(path3, options) {
        if (!(this instanceof ReadStream)) return new ReadStream(path3, options);
        Stream.call(this);
        var self = this;
        this.path = path3;
        this.fd = null;
        this.readable = true;
        this.paused = false;
        this.flags = "r";
        this.mode = 438;
        this.bufferSize = 64 * 1024;
        options = options || {};
        var keys = Object.keys(options);
        for (var index = 0, length = keys.length; index < length; index++) {
          var key = keys[index];
          this[key] = options[key];
        }
        if (this.encoding) this.setEncoding(this.encoding);
        if (this.start !== void 0) {
          if ("number" !== typeof this.start) {
            throw TypeError("start must be a Number");
          }
          if (this.end === void 0) {
            this.end = Infinity;
          } else if ("number" !== typeof this.end) {
            throw TypeError("end must be a Number");
          }
          if (this.start > this.end) {
            throw new Error("start must be <= end");
          }
          this.pos = this.start;
        }
        if (this.fd !== null) {
          process.nextTick(function() {
            self._read();
          });
          return;
        }
        fs.open(this.path, this.flags, this.mode, function(err, fd) {
          if (err) {
            self.emit("error", err);
            self.readable = false;
            return;
          }
          self.fd = fd;
          self.emit("open", fd);
          self._read();
        });
      }
      function WriteStream(path3, options) {
        if (!(this instanceof WriteStream)) return new WriteStream(path3, options);
        Stream.call(this);
        this.path = path3;
        this.fd = null;
        this.writable = true;
        this.flags = "w";
        this.encoding = "binary";
        this.mode = 438;
        this.bytesWritten = 0;
        options = options || {};
        var keys = Object.keys(options);
        for (var index = 0, length = keys.length; index < length; index++) {
          var key = keys[index];
          this[key] = options[key];
        }
        if (this.start !== void 0) {
          if ("number" !== typeof this.start) {
            throw TypeError("start must be a Number");
          }
          if (this.start < 0) {
            throw new Error("start must be >= zero");
          }
          this.pos = this.start;
        }
        this.busy = false;
        this._queue = [];
        if (this.fd === null) {
          this._open = fs.open;
          this._queue.push([this._open, this.path, this.flags, this.mode, void 0]);
          this.flush();
        }
      }
    }
  }
});

// node_modules/graceful-fs/clone.js
var require_clone = __commonJS({
  "node_modules/graceful-fs/clone.js"(exports, module) {
    "use strict";
    module.exports = clone;
    var getPrototypeOf = Object.getPrototypeOf || function(obj) {
      return obj.__proto__;
    };
    function clone(obj) {
      if (obj === null || typeof obj !== "object")
        return obj;
      if (obj instanceof Object)
        var copy = { __proto__: getPrototypeOf(obj) };
      else
        var copy = /* @__PURE__ */ Object.create(null);
      Object.getOwnPropertyNames(obj).forEach(function(key) {
        Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(obj, key));
      });
      return copy;
    }
  }
});

// node_modules/graceful-fs/graceful-fs.js
var require_graceful_fs = __commonJS({
  "node_modules/graceful-fs/graceful-fs.js"(exports, module) {
    var fs = __require("fs");
    var polyfills = require_polyfills();
    var legacy = require_legacy_streams();
    var clone = require_clone();
    var util = __require("util");
    var gracefulQueue;
    var previousSymbol;
    if (typeof Symbol === "function" && typeof Symbol.for === "function") {
      gracefulQueue = /* @__PURE__ */ Symbol.for("graceful-fs.queue");
      previousSymbol = /* @__PURE__ */ Symbol.for("graceful-fs.previous");
    } else {
      gracefulQueue = "___graceful-fs.queue";
      previousSymbol = "___graceful-fs.previous";
    }
    function noop() {
    }
    function publishQueue(context, queue2) {
      Object.defineProperty(context, gracefulQueue, {
        get: function() {
          return queue2;
        }
      });
    }
    var debug = noop;
    if (util.debuglog)
      debug = util.debuglog("gfs4");
    else if (/\bgfs4\b/i.test(process.env.NODE_DEBUG || ""))
      debug = function() {
        var m = util.format.apply(util, arguments);
        m = "GFS4: " + m.split(/\n/).join("\nGFS4: ");
        console.error(m);
      };
    if (!fs[gracefulQueue]) {
      queue = global[gracefulQueue] || [];
      publishQueue(fs, queue);
      fs.close = (function(fs$close) {
        function close(fd, cb) {
          return fs$close.call(fs, fd, function(err) {
            if (!err) {
              resetQueue();
            }
            if (typeof cb === "function")
              cb.apply(this, arguments);
          });
        }
        Object.defineProperty(close, previousSymbol, {
          value: fs$close
        });
        return close;
      })(fs.close);
      fs.closeSync = (function(fs$closeSync) {
        function closeSync(fd) {
          fs$closeSync.apply(fs, arguments);
          resetQueue();
        }
        Object.defineProperty(closeSync, previousSymbol, {
          value: fs$closeSync
        });
        return closeSync;
      })(fs.closeSync);
      if (/\bgfs4\b/i.test(process.env.NODE_DEBUG || "")) {
        process.on("exit", function() {
          debug(fs[gracefulQueue]);
          __require("assert").equal(fs[gracefulQueue].length, 0);
        });
      }
    }
    var queue;
    if (!global[gracefulQueue]) {
      publishQueue(global, fs[gracefulQueue]);
    }
    module.exports = patch(clone(fs));
    if (process.env.TEST_GRACEFUL_FS_GLOBAL_PATCH && !fs.__patched) {
      module.exports = patch(fs);
      fs.__patched = true;
    }
    function patch(fs2) {
      polyfills(fs2);
      fs2.gracefulify = patch;
      fs2.createReadStream = createReadStream2;
      fs2.createWriteStream = createWriteStream;
      var fs$readFile = fs2.readFile;
      fs2.readFile = readFile4;
      function readFile4(path3, options, cb) {
        if (typeof options === "function")
          cb = options, options = null;
        return go$readFile(path3, options, cb);
        function go$readFile(path4, options2, cb2, startTime) {
          return fs$readFile(path4, options2, function(err) {
            if (err && (err.code === "EMFILE" || err.code === "ENFILE"))
              enqueue([go$readFile, [path4, options2, cb2], err, startTime || Date.now(), Date.now()]);
            else {
              if (typeof cb2 === "function")
                cb2.apply(this, arguments);
            }
          });
        }
      }
      var fs$writeFile = fs2.writeFile;
      fs2.writeFile = writeFile3;
      function writeFile3(path3, data, options, cb) {
        if (typeof options === "function")
          cb = options, options = null;
        return go$writeFile(path3, data, options, cb);
        function go$writeFile(path4, data2, options2, cb2, startTime) {
          return fs$writeFile(path4, data2, options2, function(err) {
            if (err && (err.code === "EMFILE" || err.code === "ENFILE"))
              enqueue([go$writeFile, [path4, data2, options2, cb2], err, startTime || Date.now(), Date.now()]);
            else {
              if (typeof cb2 === "function")
                cb2.apply(this, arguments);
            }
          });
        }
      }
      var fs$appendFile = fs2.appendFile;
      if (fs$appendFile)
        fs2.appendFile = appendFile;
      function appendFile(path3, data, options, cb) {
        if (typeof options === "function")
          cb = options, options = null;
        return go$appendFile(path3, data, options, cb);
        function go$appendFile(path4, data2, options2, cb2, startTime) {
          return fs$appendFile(path4, data2, options2, function(err) {
            if (err && (err.code === "EMFILE" || err.code === "ENFILE"))
              enqueue([go$appendFile, [path4, data2, options2, cb2], err, startTime || Date.now(), Date.now()]);
            else {
              if (typeof cb2 === "function")
                cb2.apply(this, arguments);
            }
          });
        }
      }
      var fs$copyFile = fs2.copyFile;
      if (fs$copyFile)
        fs2.copyFile = copyFile;
      function copyFile(src, dest, flags, cb) {
        if (typeof flags === "function") {
          cb = flags;
          flags = 0;
        }
        return go$copyFile(src, dest, flags, cb);
        function go$copyFile(src2, dest2, flags2, cb2, startTime) {
          return fs$copyFile(src2, dest2, flags2, function(err) {
            if (err && (err.code === "EMFILE" || err.code === "ENFILE"))
              enqueue([go$copyFile, [src2, dest2, flags2, cb2], err, startTime || Date.now(), Date.now()]);
            else {
              if (typeof cb2 === "function")
                cb2.apply(this, arguments);
            }
          });
        }
      }
      var fs$readdir = fs2.readdir;
      fs2.readdir = readdir2;
      var noReaddirOptionVersions = /^v[0-5]\./;
      function readdir2(path3, options, cb) {
        if (typeof options === "function")
          cb = options, options = null;
        var go$readdir = noReaddirOptionVersions.test(process.version) ? function go$readdir2(path4, options2, cb2, startTime) {
          return fs$readdir(path4, fs$readdirCallback(
            path4,
            options2,
            cb2,
            startTime
          ));
        } : function go$readdir2(path4, options2, cb2, startTime) {
          return fs$readdir(path4, options2, fs$readdirCallback(
            path4,
            options2,
            cb2,
            startTime
          ));
        };
        return go$readdir(path3, options, cb);
        function fs$readdirCallback(path4, options2, cb2, startTime) {
          return function(err, files) {
            if (err && (err.code === "EMFILE" || err.code === "ENFILE"))
              enqueue([
                go$readdir,
                [path4, options2, cb2],
                err,
                startTime || Date.now(),
                Date.now()
              ]);
            else {
              if (files && files.sort)
                files.sort();
              if (typeof cb2 === "function")
                cb2.call(this, err, files);
            }
          };
        }
      }
      if (process.version.substr(0, 4) === "v0.8") {
        var legStreams = legacy(fs2);
        ReadStream = legStreams.ReadStream;
        WriteStream = legStreams.WriteStream;
      }
      var fs$ReadStream = fs2.ReadStream;
      if (fs$ReadStream) {
        ReadStream.prototype = Object.create(fs$ReadStream.prototype);
        ReadStream.prototype.open = ReadStream$open;
      }
      var fs$WriteStream = fs2.WriteStream;
      if (fs$WriteStream) {
        WriteStream.prototype = Object.create(fs$WriteStream.prototype);
        WriteStream.prototype.open = WriteStream$open;
      }
      Object.defineProperty(fs2, "ReadStream", {
        get: function() {
          return ReadStream;
        },
        set: function(val) {
          ReadStream = val;
        },
        enumerable: true,
        configurable: true
      });
      Object.defineProperty(fs2, "WriteStream", {
        get: function() {
          return WriteStream;
        },
        set: function(val) {
          WriteStream = val;
        },
        enumerable: true,
        configurable: true
      });
      var FileReadStream = ReadStream;
      Object.defineProperty(fs2, "FileReadStream", {
        get: function() {
          return FileReadStream;
        },
        set: function(val) {
          FileReadStream = val;
        },
        enumerable: true,
        configurable: true
      });
      var FileWriteStream = WriteStream;
      Object.defineProperty(fs2, "FileWriteStream", {
        get: function() {
          return FileWriteStream;
        },
        set: function(val) {
          FileWriteStream = val;
        },
        enumerable: true,
        configurable: true
      });
      function ReadStream(path3, options) {
        if (this instanceof ReadStream)
          return fs$ReadStream.apply(this, arguments), this;
        else
          return ReadStream.apply(Object.create(ReadStream.prototype), arguments);
      }
      function ReadStream$open() {
        var that = this;
        open(that.path, that.flags, that.mode, function(err, fd) {
          if (err) {
            if (that.autoClose)
              that.destroy();
            that.emit("error", err);
          } else {
            that.fd = fd;
            that.emit("open", fd);
            that.read();
          }
        });
      }
      function WriteStream(path3, options) {
        if (this instanceof WriteStream)
          return fs$WriteStream.apply(this, arguments), this;
        else
          return WriteStream.apply(Object.create(WriteStream.prototype), arguments);
      }
      function WriteStream$open() {
        var that = this;
        open(that.path, that.flags, that.mode, function(err, fd) {
          if (err) {
            that.destroy();
            that.emit("error", err);
          } else {
            that.fd = fd;
            that.emit("open", fd);
          }
        });
      }
      function createReadStream2(path3, options) {
        return new fs2.ReadStream(path3, options);
      }
      function createWriteStream(path3, options) {
        return new fs2.WriteStream(path3, options);
      }
      var fs$open = fs2.open;
      fs2.open = open;
      function open(path3, flags, mode, cb) {
        if (typeof mode === "function")
          cb = mode, mode = null;
        return go$open(path3, flags, mode, cb);
        function go$open(path4, flags2, mode2, cb2, startTime) {
          return fs$open(path4, flags2, mode2, function(err, fd) {
            if (err && (err.code === "EMFILE" || err.code === "ENFILE"))
              enqueue([go$open, [path4, flags2, mode2, cb2], err, startTime || Date.now(), Date.now()]);
            else {
              if (typeof cb2 === "function")
                cb2.apply(this, arguments);
            }
          });
        }
      }
      return fs2;
    }
    function enqueue(elem) {
      debug("ENQUEUE", elem[0].name, elem[1]);
      fs[gracefulQueue].push(elem);
      retry();
    }
    var retryTimer;
    function resetQueue() {
      var now = Date.now();
      for (var i = 0; i < fs[gracefulQueue].length; ++i) {
        if (fs[gracefulQueue][i].length > 2) {
          fs[gracefulQueue][i][3] = now;
          fs[gracefulQueue][i][4] = now;
        }
      }
      retry();
    }
    function retry() {
      clearTimeout(retryTimer);
      retryTimer = void 0;
      if (fs[gracefulQueue].length === 0)
        return;
      var elem = fs[gracefulQueue].shift();
      var fn = elem[0];
      var args = elem[1];
      var err = elem[2];
      var startTime = elem[3];
      var lastTime = elem[4];
      if (startTime === void 0) {
        debug("RETRY", fn.name, args);
        fn.apply(null, args);
      } else if (Date.now() - startTime >= 6e4) {
        debug("TIMEOUT", fn.name, args);
        var cb = args.pop();
        if (typeof cb === "function")
          cb.call(null, err);
      } else {
        var sinceAttempt = Date.now() - lastTime;
        var sinceStart = Math.max(lastTime - startTime, 1);
        var desiredDelay = Math.min(sinceStart * 1.2, 100);
        if (sinceAttempt >= desiredDelay) {
          debug("RETRY", fn.name, args);
          fn.apply(null, args.concat([startTime]));
        } else {
          fs[gracefulQueue].push(elem);
        }
      }
      if (retryTimer === void 0) {
        retryTimer = setTimeout(retry, 0);
      }
    }
  }
});

// node_modules/retry/lib/retry_operation.js
var require_retry_operation = __commonJS({
  "node_modules/retry/lib/retry_operation.js"(exports, module) {
    function RetryOperation(timeouts, options) {
      if (typeof options === "boolean") {
        options = { forever: options };
      }
      this._originalTimeouts = JSON.parse(JSON.stringify(timeouts));
      this._timeouts = timeouts;
      this._options = options || {};
      this._maxRetryTime = options && options.maxRetryTime || Infinity;
      this._fn = null;
      this._errors = [];
      this._attempts = 1;
      this._operationTimeout = null;
      this._operationTimeoutCb = null;
      this._timeout = null;
      this._operationStart = null;
      if (this._options.forever) {
        this._cachedTimeouts = this._timeouts.slice(0);
      }
    }
    module.exports = RetryOperation;
    RetryOperation.prototype.reset = function() {
      this._attempts = 1;
      this._timeouts = this._originalTimeouts;
    };
    RetryOperation.prototype.stop = function() {
      if (this._timeout) {
        clearTimeout(this._timeout);
      }
      this._timeouts = [];
      this._cachedTimeouts = null;
    };
    RetryOperation.prototype.retry = function(err) {
      if (this._timeout) {
        clearTimeout(this._timeout);
      }
      if (!err) {
        return false;
      }
      var currentTime = (/* @__PURE__ */ new Date()).getTime();
      if (err && currentTime - this._operationStart >= this._maxRetryTime) {
        this._errors.unshift(new Error("RetryOperation timeout occurred"));
        return false;
      }
      this._errors.push(err);
      var timeout = this._timeouts.shift();
      if (timeout === void 0) {
        if (this._cachedTimeouts) {
          this._errors.splice(this._errors.length - 1, this._errors.length);
          this._timeouts = this._cachedTimeouts.slice(0);
          timeout = this._timeouts.shift();
        } else {
          return false;
        }
      }
      var self = this;
      var timer = setTimeout(function() {
        self._attempts++;
        if (self._operationTimeoutCb) {
          self._timeout = setTimeout(function() {
            self._operationTimeoutCb(self._attempts);
          }, self._operationTimeout);
          if (self._options.unref) {
            self._timeout.unref();
          }
        }
        self._fn(self._attempts);
      }, timeout);
      if (this._options.unref) {
        timer.unref();
      }
      return true;
    };
    RetryOperation.prototype.attempt = function(fn, timeoutOps) {
      this._fn = fn;
      if (timeoutOps) {
        if (timeoutOps.timeout) {
          this._operationTimeout = timeoutOps.timeout;
        }
        if (timeoutOps.cb) {
          this._operationTimeoutCb = timeoutOps.cb;
        }
      }
      var self = this;
      if (this._operationTimeoutCb) {
        this._timeout = setTimeout(function() {
          self._operationTimeoutCb();
        }, self._operationTimeout);
      }
      this._operationStart = (/* @__PURE__ */ new Date()).getTime();
      this._fn(this._attempts);
    };
    RetryOperation.prototype.try = function(fn) {
      console.log("Using RetryOperation.try() is deprecated");
      this.attempt(fn);
    };
    RetryOperation.prototype.start = function(fn) {
      console.log("Using RetryOperation.start() is deprecated");
      this.attempt(fn);
    };
    RetryOperation.prototype.start = RetryOperation.prototype.try;
    RetryOperation.prototype.errors = function() {
      return this._errors;
    };
    RetryOperation.prototype.attempts = function() {
      return this._attempts;
    };
    RetryOperation.prototype.mainError = function() {
      if (this._errors.length === 0) {
        return null;
      }
      var counts = {};
      var mainError = null;
      var mainErrorCount = 0;
      for (var i = 0; i < this._errors.length; i++) {
        var error = this._errors[i];
        var message = error.message;
        var count = (counts[message] || 0) + 1;
        counts[message] = count;
        if (count >= mainErrorCount) {
          mainError = error;
          mainErrorCount = count;
        }
      }
      return mainError;
    };
  }
});

// node_modules/retry/lib/retry.js
var require_retry = __commonJS({
  "node_modules/retry/lib/retry.js"(exports) {
    var RetryOperation = require_retry_operation();
    exports.operation = function(options) {
      var timeouts = exports.timeouts(options);
      return new RetryOperation(timeouts, {
        forever: options && options.forever,
        unref: options && options.unref,
        maxRetryTime: options && options.maxRetryTime
      });
    };
    exports.timeouts = function(options) {
      if (options instanceof Array) {
        return [].concat(options);
      }
      var opts = {
        retries: 10,
        factor: 2,
        minTimeout: 1 * 1e3,
        maxTimeout: Infinity,
        randomize: false
      };
      for (var key in options) {
        opts[key] = options[key];
      }
      if (opts.minTimeout > opts.maxTimeout) {
        throw new Error("minTimeout is greater than maxTimeout");
      }
      var timeouts = [];
      for (var i = 0; i < opts.retries; i++) {
        timeouts.push(this.createTimeout(i, opts));
      }
      if (options && options.forever && !timeouts.length) {
        timeouts.push(this.createTimeout(i, opts));
      }
      timeouts.sort(function(a, b) {
        return a - b;
      });
      return timeouts;
    };
    exports.createTimeout = function(attempt, opts) {
      var random = opts.randomize ? Math.random() + 1 : 1;
      var timeout = Math.round(random * opts.minTimeout * Math.pow(opts.factor, attempt));
      timeout = Math.min(timeout, opts.maxTimeout);
      return timeout;
    };
    exports.wrap = function(obj, options, methods) {
      if (options instanceof Array) {
        methods = options;
        options = null;
      }
      if (!methods) {
        methods = [];
        for (var key in obj) {
          if (typeof obj[key] === "function") {
            methods.push(key);
          }
        }
      }
      for (var i = 0; i < methods.length; i++) {
        var method = methods[i];
        var original = obj[method];
        obj[method] = function retryWrapper(original2) {
          var op = exports.operation(options);
          var args = Array.prototype.slice.call(arguments, 1);
          var callback = args.pop();
          args.push(function(err) {
            if (op.retry(err)) {
              return;
            }
            if (err) {
              arguments[0] = op.mainError();
            }
            callback.apply(this, arguments);
          });
          op.attempt(function() {
            original2.apply(obj, args);
          });
        }.bind(obj, original);
        obj[method].options = options;
      }
    };
  }
});

// node_modules/retry/index.js
var require_retry2 = __commonJS({
  "node_modules/retry/index.js"(exports, module) {
    module.exports = require_retry();
  }
});

// node_modules/signal-exit/signals.js
var require_signals = __commonJS({
  "node_modules/signal-exit/signals.js"(exports, module) {
    module.exports = [
      "SIGABRT",
      "SIGALRM",
      "SIGHUP",
      "SIGINT",
      "SIGTERM"
    ];
    if (process.platform !== "win32") {
      module.exports.push(
        "SIGVTALRM",
        "SIGXCPU",
        "SIGXFSZ",
        "SIGUSR2",
        "SIGTRAP",
        "SIGSYS",
        "SIGQUIT",
        "SIGIOT"
        // should detect profiler and enable/disable accordingly.
        // see #21
        // 'SIGPROF'
      );
    }
    if (process.platform === "linux") {
      module.exports.push(
        "SIGIO",
        "SIGPOLL",
        "SIGPWR",
        "SIGSTKFLT",
        "SIGUNUSED"
      );
    }
  }
});

// node_modules/signal-exit/index.js
var require_signal_exit = __commonJS({
  "node_modules/signal-exit/index.js"(exports, module) {
    var process2 = global.process;
    var processOk = function(process3) {
      return process3 && typeof process3 === "object" && typeof process3.removeListener === "function" && typeof process3.emit === "function" && typeof process3.reallyExit === "function" && typeof process3.listeners === "function" && typeof process3.kill === "function" && typeof process3.pid === "number" && typeof process3.on === "function";
    };
    if (!processOk(process2)) {
      module.exports = function() {
        return function() {
        };
      };
    } else {
      assert = __require("assert");
      signals = require_signals();
      isWin = /^win/i.test(process2.platform);
      EE = __require("events");
      if (typeof EE !== "function") {
        EE = EE.EventEmitter;
      }
      if (process2.__signal_exit_emitter__) {
        emitter = process2.__signal_exit_emitter__;
      } else {
        emitter = process2.__signal_exit_emitter__ = new EE();
        emitter.count = 0;
        emitter.emitted = {};
      }
      if (!emitter.infinite) {
        emitter.setMaxListeners(Infinity);
        emitter.infinite = true;
      }
      module.exports = function(cb, opts) {
        if (!processOk(global.process)) {
          return function() {
          };
        }
        assert.equal(typeof cb, "function", "a callback must be provided for exit handler");
        if (loaded === false) {
          load();
        }
        var ev = "exit";
        if (opts && opts.alwaysLast) {
          ev = "afterexit";
        }
        var remove = function() {
          emitter.removeListener(ev, cb);
          if (emitter.listeners("exit").length === 0 && emitter.listeners("afterexit").length === 0) {
            unload();
          }
        };
        emitter.on(ev, cb);
        return remove;
      };
      unload = function unload2() {
        if (!loaded || !processOk(global.process)) {
          return;
        }
        loaded = false;
        signals.forEach(function(sig) {
          try {
            process2.removeListener(sig, sigListeners[sig]);
          } catch (er) {
          }
        });
        process2.emit = originalProcessEmit;
        process2.reallyExit = originalProcessReallyExit;
        emitter.count -= 1;
      };
      module.exports.unload = unload;
      emit = function emit2(event, code, signal) {
        if (emitter.emitted[event]) {
          return;
        }
        emitter.emitted[event] = true;
        emitter.emit(event, code, signal);
      };
      sigListeners = {};
      signals.forEach(function(sig) {
        sigListeners[sig] = function listener() {
          if (!processOk(global.process)) {
            return;
          }
          var listeners = process2.listeners(sig);
          if (listeners.length === emitter.count) {
            unload();
            emit("exit", null, sig);
            emit("afterexit", null, sig);
            if (isWin && sig === "SIGHUP") {
              sig = "SIGINT";
            }
            process2.kill(process2.pid, sig);
          }
        };
      });
      module.exports.signals = function() {
        return signals;
      };
      loaded = false;
      load = function load2() {
        if (loaded || !processOk(global.process)) {
          return;
        }
        loaded = true;
        emitter.count += 1;
        signals = signals.filter(function(sig) {
          try {
            process2.on(sig, sigListeners[sig]);
            return true;
          } catch (er) {
            return false;
          }
        });
        process2.emit = processEmit;
        process2.reallyExit = processReallyExit;
      };
      module.exports.load = load;
      originalProcessReallyExit = process2.reallyExit;
      processReallyExit = function processReallyExit2(code) {
        if (!processOk(global.process)) {
          return;
        }
        process2.exitCode = code || /* istanbul ignore next */
        0;
        emit("exit", process2.exitCode, null);
        emit("afterexit", process2.exitCode, null);
        originalProcessReallyExit.call(process2, process2.exitCode);
      };
      originalProcessEmit = process2.emit;
      processEmit = function processEmit2(ev, arg) {
        if (ev === "exit" && processOk(global.process)) {
          if (arg !== void 0) {
            process2.exitCode = arg;
          }
          var ret = originalProcessEmit.apply(this, arguments);
          emit("exit", process2.exitCode, null);
          emit("afterexit", process2.exitCode, null);
          return ret;
        } else {
          return originalProcessEmit.apply(this, arguments);
        }
      };
    }
    var assert;
    var signals;
    var isWin;
    var EE;
    var emitter;
    var unload;
    var emit;
    var sigListeners;
    var loaded;
    var load;
    var originalProcessReallyExit;
    var processReallyExit;
    var originalProcessEmit;
    var processEmit;
  }
});

// node_modules/proper-lockfile/lib/mtime-precision.js
var require_mtime_precision = __commonJS({
  "node_modules/proper-lockfile/lib/mtime-precision.js"(exports, module) {
    "use strict";
    var cacheSymbol = /* @__PURE__ */ Symbol();
    function probe(file, fs, callback) {
      const cachedPrecision = fs[cacheSymbol];
      if (cachedPrecision) {
        return fs.stat(file, (err, stat2) => {
          if (err) {
            return callback(err);
          }
          callback(null, stat2.mtime, cachedPrecision);
        });
      }
      const mtime = new Date(Math.ceil(Date.now() / 1e3) * 1e3 + 5);
      fs.utimes(file, mtime, mtime, (err) => {
        if (err) {
          return callback(err);
        }
        fs.stat(file, (err2, stat2) => {
          if (err2) {
            return callback(err2);
          }
          const precision = stat2.mtime.getTime() % 1e3 === 0 ? "s" : "ms";
          Object.defineProperty(fs, cacheSymbol, { value: precision });
          callback(null, stat2.mtime, precision);
        });
      });
    }
    function getMtime(precision) {
      let now = Date.now();
      if (precision === "s") {
        now = Math.ceil(now / 1e3) * 1e3;
      }
      return new Date(now);
    }
    module.exports.probe = probe;
    module.exports.getMtime = getMtime;
  }
});

// node_modules/proper-lockfile/lib/lockfile.js
var require_lockfile = __commonJS({
  "node_modules/proper-lockfile/lib/lockfile.js"(exports, module) {
    "use strict";
    var path3 = __require("path");
    var fs = require_graceful_fs();
    var retry = require_retry2();
    var onExit = require_signal_exit();
    var mtimePrecision = require_mtime_precision();
    var locks = {};
    function getLockFile(file, options) {
      return options.lockfilePath || `${file}.lock`;
    }
    function resolveCanonicalPath(file, options, callback) {
      if (!options.realpath) {
        return callback(null, path3.resolve(file));
      }
      options.fs.realpath(file, callback);
    }
    function acquireLock(file, options, callback) {
      const lockfilePath = getLockFile(file, options);
      options.fs.mkdir(lockfilePath, (err) => {
        if (!err) {
          return mtimePrecision.probe(lockfilePath, options.fs, (err2, mtime, mtimePrecision2) => {
            if (err2) {
              options.fs.rmdir(lockfilePath, () => {
              });
              return callback(err2);
            }
            callback(null, mtime, mtimePrecision2);
          });
        }
        if (err.code !== "EEXIST") {
          return callback(err);
        }
        if (options.stale <= 0) {
          return callback(Object.assign(new Error("Lock file is already being held"), { code: "ELOCKED", file }));
        }
        options.fs.stat(lockfilePath, (err2, stat2) => {
          if (err2) {
            if (err2.code === "ENOENT") {
              return acquireLock(file, { ...options, stale: 0 }, callback);
            }
            return callback(err2);
          }
          if (!isLockStale(stat2, options)) {
            return callback(Object.assign(new Error("Lock file is already being held"), { code: "ELOCKED", file }));
          }
          removeLock(file, options, (err3) => {
            if (err3) {
              return callback(err3);
            }
            acquireLock(file, { ...options, stale: 0 }, callback);
          });
        });
      });
    }
    function isLockStale(stat2, options) {
      return stat2.mtime.getTime() < Date.now() - options.stale;
    }
    function removeLock(file, options, callback) {
      options.fs.rmdir(getLockFile(file, options), (err) => {
        if (err && err.code !== "ENOENT") {
          return callback(err);
        }
        callback();
      });
    }
    function updateLock(file, options) {
      const lock2 = locks[file];
      if (lock2.updateTimeout) {
        return;
      }
      lock2.updateDelay = lock2.updateDelay || options.update;
      lock2.updateTimeout = setTimeout(() => {
        lock2.updateTimeout = null;
        options.fs.stat(lock2.lockfilePath, (err, stat2) => {
          const isOverThreshold = lock2.lastUpdate + options.stale < Date.now();
          if (err) {
            if (err.code === "ENOENT" || isOverThreshold) {
              return setLockAsCompromised(file, lock2, Object.assign(err, { code: "ECOMPROMISED" }));
            }
            lock2.updateDelay = 1e3;
            return updateLock(file, options);
          }
          const isMtimeOurs = lock2.mtime.getTime() === stat2.mtime.getTime();
          if (!isMtimeOurs) {
            return setLockAsCompromised(
              file,
              lock2,
              Object.assign(
                new Error("Unable to update lock within the stale threshold"),
                { code: "ECOMPROMISED" }
              )
            );
          }
          const mtime = mtimePrecision.getMtime(lock2.mtimePrecision);
          options.fs.utimes(lock2.lockfilePath, mtime, mtime, (err2) => {
            const isOverThreshold2 = lock2.lastUpdate + options.stale < Date.now();
            if (lock2.released) {
              return;
            }
            if (err2) {
              if (err2.code === "ENOENT" || isOverThreshold2) {
                return setLockAsCompromised(file, lock2, Object.assign(err2, { code: "ECOMPROMISED" }));
              }
              lock2.updateDelay = 1e3;
              return updateLock(file, options);
            }
            lock2.mtime = mtime;
            lock2.lastUpdate = Date.now();
            lock2.updateDelay = null;
            updateLock(file, options);
          });
        });
      }, lock2.updateDelay);
      if (lock2.updateTimeout.unref) {
        lock2.updateTimeout.unref();
      }
    }
    function setLockAsCompromised(file, lock2, err) {
      lock2.released = true;
      if (lock2.updateTimeout) {
        clearTimeout(lock2.updateTimeout);
      }
      if (locks[file] === lock2) {
        delete locks[file];
      }
      lock2.options.onCompromised(err);
    }
    function lock(file, options, callback) {
      options = {
        stale: 1e4,
        update: null,
        realpath: true,
        retries: 0,
        fs,
        onCompromised: (err) => {
          throw err;
        },
        ...options
      };
      options.retries = options.retries || 0;
      options.retries = typeof options.retries === "number" ? { retries: options.retries } : options.retries;
      options.stale = Math.max(options.stale || 0, 2e3);
      options.update = options.update == null ? options.stale / 2 : options.update || 0;
      options.update = Math.max(Math.min(options.update, options.stale / 2), 1e3);
      resolveCanonicalPath(file, options, (err, file2) => {
        if (err) {
          return callback(err);
        }
        const operation = retry.operation(options.retries);
        operation.attempt(() => {
          acquireLock(file2, options, (err2, mtime, mtimePrecision2) => {
            if (operation.retry(err2)) {
              return;
            }
            if (err2) {
              return callback(operation.mainError());
            }
            const lock2 = locks[file2] = {
              lockfilePath: getLockFile(file2, options),
              mtime,
              mtimePrecision: mtimePrecision2,
              options,
              lastUpdate: Date.now()
            };
            updateLock(file2, options);
            callback(null, (releasedCallback) => {
              if (lock2.released) {
                return releasedCallback && releasedCallback(Object.assign(new Error("Lock is already released"), { code: "ERELEASED" }));
              }
              unlock(file2, { ...options, realpath: false }, releasedCallback);
            });
          });
        });
      });
    }
    function unlock(file, options, callback) {
      options = {
        fs,
        realpath: true,
        ...options
      };
      resolveCanonicalPath(file, options, (err, file2) => {
        if (err) {
          return callback(err);
        }
        const lock2 = locks[file2];
        if (!lock2) {
          return callback(Object.assign(new Error("Lock is not acquired/owned by you"), { code: "ENOTACQUIRED" }));
        }
        lock2.updateTimeout && clearTimeout(lock2.updateTimeout);
        lock2.released = true;
        delete locks[file2];
        removeLock(file2, options, callback);
      });
    }
    function check(file, options, callback) {
      options = {
        stale: 1e4,
        realpath: true,
        fs,
        ...options
      };
      options.stale = Math.max(options.stale || 0, 2e3);
      resolveCanonicalPath(file, options, (err, file2) => {
        if (err) {
          return callback(err);
        }
        options.fs.stat(getLockFile(file2, options), (err2, stat2) => {
          if (err2) {
            return err2.code === "ENOENT" ? callback(null, false) : callback(err2);
          }
          return callback(null, !isLockStale(stat2, options));
        });
      });
    }
    function getLocks() {
      return locks;
    }
    onExit(() => {
      for (const file in locks) {
        const options = locks[file].options;
        try {
          options.fs.rmdirSync(getLockFile(file, options));
        } catch (e) {
        }
      }
    });
    module.exports.lock = lock;
    module.exports.unlock = unlock;
    module.exports.check = check;
    module.exports.getLocks = getLocks;
  }
});

// node_modules/proper-lockfile/lib/adapter.js
var require_adapter = __commonJS({
  "node_modules/proper-lockfile/lib/adapter.js"(exports, module) {
    "use strict";
    var fs = require_graceful_fs();
    function createSyncFs(fs2) {
      const methods = ["mkdir", "realpath", "stat", "rmdir", "utimes"];
      const newFs = { ...fs2 };
      methods.forEach((method) => {
        newFs[method] = (...args) => {
          const callback = args.pop();
          let ret;
          try {
            ret = fs2[`${method}Sync`](...args);
          } catch (err) {
            return callback(err);
          }
          callback(null, ret);
        };
      });
      return newFs;
    }
    function toPromise(method) {
      return (...args) => new Promise((resolve, reject) => {
        args.push((err, result) => {
          if (err) {
            reject(err);
          } else {
            resolve(result);
          }
        });
        method(...args);
      });
    }
    function toSync(method) {
      return (...args) => {
        let err;
        let result;
        args.push((_err, _result) => {
          err = _err;
          result = _result;
        });
        method(...args);
        if (err) {
          throw err;
        }
        return result;
      };
    }
    function toSyncOptions(options) {
      options = { ...options };
      options.fs = createSyncFs(options.fs || fs);
      if (typeof options.retries === "number" && options.retries > 0 || options.retries && typeof options.retries.retries === "number" && options.retries.retries > 0) {
        throw Object.assign(new Error("Cannot use retries with the sync api"), { code: "ESYNC" });
      }
      return options;
    }
    module.exports = {
      toPromise,
      toSync,
      toSyncOptions
    };
  }
});

// node_modules/proper-lockfile/index.js
var require_proper_lockfile = __commonJS({
  "node_modules/proper-lockfile/index.js"(exports, module) {
    "use strict";
    var lockfile2 = require_lockfile();
    var { toPromise, toSync, toSyncOptions } = require_adapter();
    async function lock(file, options) {
      const release = await toPromise(lockfile2.lock)(file, options);
      return toPromise(release);
    }
    function lockSync(file, options) {
      const release = toSync(lockfile2.lock)(file, toSyncOptions(options));
      return toSync(release);
    }
    function unlock(file, options) {
      return toPromise(lockfile2.unlock)(file, options);
    }
    function unlockSync(file, options) {
      return toSync(lockfile2.unlock)(file, toSyncOptions(options));
    }
    function check(file, options) {
      return toPromise(lockfile2.check)(file, options);
    }
    function checkSync(file, options) {
      return toSync(lockfile2.check)(file, toSyncOptions(options));
    }
    module.exports = lock;
    module.exports.lock = lock;
    module.exports.unlock = unlock;
    module.exports.lockSync = lockSync;
    module.exports.unlockSync = unlockSync;
    module.exports.check = check;
    module.exports.checkSync = checkSync;
  }
});

// src/telemetry/environment.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat, writeFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

// src/telemetry/execCommand.ts
import { spawn as nodeSpawn } from "node:child_process";
var MAX_OUTPUT = 1 << 20;
async function terminate(child, graceMs = 1e3) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", () => resolve()));
  const wait = (ms) => Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), ms).unref())]);
  child.kill("SIGTERM");
  if (await wait(graceMs)) return;
  child.kill("SIGKILL");
  if (await wait(graceMs)) return;
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.unref();
}
async function execCommand(command, args, options) {
  const spawn = options.spawn ?? nodeSpawn;
  let child;
  try {
    child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: options.env ?? process.env });
  } catch (err) {
    return { code: null, stdout: "", stderr: "", failure: "spawn-error", message: String(err) };
  }
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d) => {
    if (stdout.length < MAX_OUTPUT) stdout += d;
  });
  child.stderr?.setEncoding("utf8").on("data", (d) => {
    if (stderr.length < MAX_OUTPUT) stderr += d;
  });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      void terminate(child, 500);
      finish({
        code: null,
        stdout,
        stderr,
        failure: "timeout",
        message: `${command} did not finish within ${options.timeoutMs} ms`
      });
    }, options.timeoutMs);
    child.once("error", (err) => {
      const failure = err.code === "ENOENT" ? "not-found" : "spawn-error";
      finish({ code: null, stdout, stderr, failure, message: err.message });
    });
    child.once("close", (code) => finish({ code, stdout, stderr }));
  });
}

// src/telemetry/nvidiaSmi.ts
var GPU_SAMPLE_FIELDS = [
  "index",
  "uuid",
  "timestamp",
  "clocks.sm",
  "clocks.mem",
  "temperature.gpu",
  "power.draw",
  "utilization.gpu",
  "memory.used",
  "clocks_event_reasons.active"
];
var LEGACY_REASONS_FIELD = "clocks_throttle_reasons.active";
var GPU_INFO_FIELDS = ["index", "name", "memory.total", "driver_version", "uuid"];
var COMPUTE_APPS_FIELDS = ["pid", "used_memory", "gpu_uuid"];
var CLOCK_EVENT_REASONS = [
  { bit: 0x1n, name: "gpu_idle", label: "GPU idle" },
  { bit: 0x2n, name: "applications_clocks_setting", label: "applications clocks setting" },
  { bit: 0x4n, name: "sw_power_cap", label: "SW power cap" },
  { bit: 0x8n, name: "hw_slowdown", label: "HW slowdown" },
  { bit: 0x10n, name: "sync_boost", label: "sync boost" },
  { bit: 0x20n, name: "sw_thermal_slowdown", label: "SW thermal slowdown" },
  { bit: 0x40n, name: "hw_thermal_slowdown", label: "HW thermal slowdown" },
  { bit: 0x80n, name: "hw_power_brake_slowdown", label: "HW power brake slowdown" },
  { bit: 0x100n, name: "display_clock_setting", label: "display clock setting" }
];
function answered(xs) {
  return xs.filter((x) => x !== null);
}
function cells(line) {
  return line.split(",").map((c) => c.trim());
}
function num(cell) {
  if (cell === void 0 || cell === "" || cell.startsWith("[") || cell === "N/A") return null;
  const v = Number(cell);
  return Number.isFinite(v) ? v : null;
}
function decodeClockEventReasons(mask) {
  if (mask === null || !/^0x[0-9a-f]+$/i.test(mask)) return [];
  const value = BigInt(mask);
  return CLOCK_EVENT_REASONS.filter((r) => (value & r.bit) !== 0n).map((r) => r.name);
}
function reasonLabel(reason) {
  return CLOCK_EVENT_REASONS.find((r) => r.name === reason)?.label ?? reason;
}
function parseGpuSampleLine(line, tMs) {
  const c = cells(line);
  if (c.length !== GPU_SAMPLE_FIELDS.length) return void 0;
  const index = num(c[0]);
  if (index === null || !Number.isInteger(index) || !c[1]?.startsWith("GPU-")) return void 0;
  const rawMask = c[9] ?? "";
  const mask = /^0x[0-9a-f]+$/i.test(rawMask) ? rawMask : null;
  return {
    t_ms: tMs,
    index,
    uuid: c[1],
    timestamp: c[2] ?? "",
    sm_mhz: num(c[3]),
    mem_mhz: num(c[4]),
    temperature_c: num(c[5]),
    power_w: num(c[6]),
    utilization_pct: num(c[7]),
    memory_used_mib: num(c[8]),
    reasons_mask: mask,
    reasons: decodeClockEventReasons(mask)
  };
}
function parseGpuInfo(text) {
  const out = [];
  for (const line of text.split("\n")) {
    const c = cells(line);
    if (c.length !== GPU_INFO_FIELDS.length) continue;
    const index = num(c[0]);
    if (index === null || !c[4]?.startsWith("GPU-")) continue;
    out.push({
      index,
      name: c[1] ?? "",
      memory_total_mib: num(c[2]),
      driver_version: c[3] ?? "",
      uuid: c[4]
    });
  }
  return out;
}
function parseComputeApps(text) {
  const out = [];
  for (const line of text.split("\n")) {
    const c = cells(line);
    if (c.length !== COMPUTE_APPS_FIELDS.length) continue;
    const pid = num(c[0]);
    if (pid === null || !Number.isInteger(pid) || pid <= 0) continue;
    out.push({ pid, used_mib: num(c[1]), gpu_uuid: c[2] ?? "" });
  }
  return out;
}
function parseCudaVersion(header) {
  return /CUDA Version:\s*([0-9][0-9.]*)/.exec(header)?.[1] ?? null;
}
function saysNoDevices(text) {
  return /No devices were found/i.test(text);
}
function saysInvalidField(text) {
  return /is not a valid field to query/i.test(text);
}

// src/telemetry/environment.ts
var MACHINE_FIELDS = [
  "gpu_name",
  "gpu_count",
  "gpu_memory_mib",
  "gpu_driver",
  "cuda_version",
  "cpu_model",
  "cpu_cores",
  "cpu_limit",
  "ram_gib",
  "os",
  "arch",
  "node_major",
  "onnxruntime_node_version"
];
var PYTHON_FIELDS = ["python_version", "torch_version", "transformers_version"];
var NVIDIA_SMI_TIMEOUT_MS = 1e4;
var PYTHON_TIMEOUT_MS = 3e4;
var PYTHON_SCRIPT = [
  "import json, platform",
  "from importlib import metadata",
  "def v(n):",
  "    try:",
  "        return metadata.version(n)",
  "    except Exception:",
  "        return None",
  'print(json.dumps({"python": platform.python_version(), "torch": v("torch"), "transformers": v("transformers")}))'
].join("\n");
function createEnvironmentProbe(options = {}) {
  const digests = /* @__PURE__ */ new Map();
  let loaded = false;
  const loadCache = async () => {
    if (loaded || !options.digestCacheFile) return;
    loaded = true;
    try {
      const raw = JSON.parse(await readFile(options.digestCacheFile, "utf8"));
      for (const [k, v] of Object.entries(raw)) digests.set(k, v);
    } catch {
    }
  };
  const saveCache = async () => {
    if (!options.digestCacheFile) return;
    try {
      await mkdir(path.dirname(options.digestCacheFile), { recursive: true });
      await writeFile(options.digestCacheFile, JSON.stringify(Object.fromEntries(digests)));
    } catch {
    }
  };
  return {
    exec: (command, args, timeoutMs) => execCommand(command, args, { timeoutMs }),
    async readFile(p) {
      try {
        return await readFile(p, "utf8");
      } catch {
        return void 0;
      }
    },
    host: () => ({
      cpuModel: os.cpus()[0]?.model.trim() || null,
      cpuCores: os.cpus().length,
      totalMemBytes: os.totalmem(),
      platform: os.platform(),
      release: os.release(),
      arch: os.arch(),
      nodeVersion: process.versions.node,
      env: process.env
    }),
    async packageVersion(name) {
      try {
        const require2 = createRequire(import.meta.url);
        let dir = path.dirname(require2.resolve(name));
        for (let i = 0; i < 6; i++) {
          try {
            const pkg = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
            if (pkg.name === name) return pkg.version ?? null;
          } catch {
          }
          dir = path.dirname(dir);
        }
        return null;
      } catch {
        return null;
      }
    },
    async digestFile(p) {
      await loadCache();
      try {
        const s = await stat(p);
        const cached = digests.get(p);
        if (cached && cached.mtimeMs === s.mtimeMs && cached.size === s.size) return cached.digest;
        const hash = createHash("sha256");
        for await (const chunk of createReadStream(p)) hash.update(chunk);
        const digest = `sha256:${hash.digest("hex")}`;
        digests.set(p, { mtimeMs: s.mtimeMs, size: s.size, digest });
        await saveCache();
        return digest;
      } catch {
        return null;
      }
    }
  };
}
var sharedProbe;
function visibleGpus(gpus, cudaVisibleDevices) {
  if (cudaVisibleDevices === void 0) return [...gpus];
  const wanted = cudaVisibleDevices.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const out = [];
  for (const w of wanted) {
    const gpu = /^\d+$/.test(w) ? gpus.find((g) => g.index === Number(w)) : gpus.find((g) => w.startsWith("GPU-") && g.uuid.startsWith(w));
    if (!gpu) break;
    if (!out.includes(gpu)) out.push(gpu);
  }
  return out;
}
async function gpuFields(probe, env) {
  const [info, header] = await Promise.all([
    probe.exec(
      "nvidia-smi",
      [`--query-gpu=${GPU_INFO_FIELDS.join(",")}`, "--format=csv,noheader,nounits"],
      NVIDIA_SMI_TIMEOUT_MS
    ),
    probe.exec("nvidia-smi", [], NVIDIA_SMI_TIMEOUT_MS)
  ]);
  const gpus = info.code === 0 ? visibleGpus(parseGpuInfo(info.stdout), env.CUDA_VISIBLE_DEVICES) : [];
  const names = [...new Set(gpus.map((g) => g.name))];
  const memories = gpus.map((g) => g.memory_total_mib).filter((m) => m !== null);
  const drivers = [...new Set(gpus.map((g) => g.driver_version))];
  return {
    gpu_name: names.length > 0 ? names.join(" + ") : null,
    gpu_count: gpus.length,
    gpu_memory_mib: memories.length > 0 ? Math.min(...memories) : null,
    gpu_driver: drivers.length > 0 ? drivers.join(" + ") : null,
    cuda_version: gpus.length > 0 && header.code === 0 ? parseCudaVersion(header.stdout) : null
  };
}
async function cpuLimit(probe) {
  const text = await probe.readFile("/sys/fs/cgroup/cpu.max");
  const m = text === void 0 ? null : /^(\d+)\s+(\d+)/.exec(text.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) / Number(m[2]) * 100) / 100;
}
async function pythonFields(probe, python) {
  const r = await probe.exec(python, ["-c", PYTHON_SCRIPT], PYTHON_TIMEOUT_MS);
  let parsed = {};
  if (r.code === 0) {
    try {
      parsed = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}");
    } catch {
      parsed = {};
    }
  }
  const str = (v) => typeof v === "string" && v.length > 0 ? v : null;
  return {
    python_version: str(parsed.python),
    torch_version: str(parsed.torch),
    transformers_version: str(parsed.transformers)
  };
}
function digestKeys(files) {
  const base = files.map((f) => path.basename(f));
  return files.map(
    (f, i) => base.filter((b) => b === base[i]).length > 1 ? `model_sha256:${path.relative(process.cwd(), f) || f}` : `model_sha256:${base[i]}`
  );
}
function hashFields(fields, comparable) {
  const canonical = JSON.stringify([...comparable].sort().map((k) => [k, fields[k] ?? null]));
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}
async function collectEnvironment(options) {
  const probe = options.probe ?? (sharedProbe ??= createEnvironmentProbe());
  const host = probe.host();
  const wantsPython = options.engines.includes("transformers");
  const files = options.modelFiles ?? [];
  const [gpu, limit, ortVersion, py, digests] = await Promise.all([
    gpuFields(probe, host.env),
    cpuLimit(probe),
    probe.packageVersion("onnxruntime-node"),
    wantsPython ? pythonFields(probe, options.python ?? "python3") : Promise.resolve(void 0),
    Promise.all(files.map((f) => probe.digestFile(f)))
  ]);
  const fields = {
    ...gpu,
    cpu_model: host.cpuModel,
    cpu_cores: host.cpuCores,
    cpu_limit: limit,
    ram_gib: Math.round(host.totalMemBytes / 2 ** 30),
    os: `${host.platform} ${host.release}`,
    arch: host.arch,
    node_version: host.nodeVersion,
    node_major: Number(host.nodeVersion.split(".")[0]),
    onnxruntime_node_version: ortVersion,
    ...py
  };
  digestKeys(files).forEach((key, i) => fields[key] = digests[i] ?? null);
  fields.config_hash = options.configHash;
  const comparable = [...MACHINE_FIELDS, ...wantsPython ? PYTHON_FIELDS : []];
  return { fields, comparable, hash: hashFields(fields, comparable) };
}

// src/telemetry/gpuLock.ts
var import_proper_lockfile = __toESM(require_proper_lockfile(), 1);
import { mkdir as mkdir2, readFile as readFile2, rm, writeFile as writeFile2, chmod } from "node:fs/promises";
import os2 from "node:os";
import path2 from "node:path";
var GpuLockTimeoutError = class extends Error {
  constructor(message, holder) {
    super(message);
    this.holder = holder;
    this.name = "GpuLockTimeoutError";
  }
  holder;
};
function defaultLockDir() {
  return path2.join(os2.tmpdir(), "llm-perf-gate-locks");
}
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
async function readHolder(file) {
  try {
    const h = JSON.parse(await readFile2(file, "utf8"));
    if (typeof h.pid !== "number" || typeof h.info !== "string") return void 0;
    return { pid: h.pid, hostname: String(h.hostname ?? ""), info: h.info, since: String(h.since ?? "") };
  } catch {
    return void 0;
  }
}
function describeHolder(h, staleMs) {
  if (!h) return "another process (no holder information)";
  const where = h.hostname && h.hostname !== os2.hostname() ? ` on ${h.hostname}` : "";
  const since = h.since ? `, since ${h.since}` : "";
  const dead = !where && !alive(h.pid) ? `; that process is gone, the lock is taken over once it is ${Math.round(staleMs / 1e3)} s stale` : "";
  return `${h.info} (pid ${h.pid}${where}${since}${dead})`;
}
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function acquireGpuLock(options) {
  const index = options.gpuIndex ?? 0;
  const dir = options.lockDir ?? defaultLockDir();
  const staleMs = Math.max(2e3, options.staleMs ?? 6e4);
  const pollMs = Math.max(10, options.pollMs ?? 1e3);
  const target = path2.join(dir, `gpu-${index}`);
  const holderFile = `${target}.holder.json`;
  await mkdir2(dir, { recursive: true });
  if (!options.lockDir) {
    await chmod(dir, 1023).catch(() => void 0);
  }
  const deadline = Date.now() + options.timeoutMs;
  let lastHolder;
  for (; ; ) {
    let unlock;
    try {
      unlock = await import_proper_lockfile.default.lock(target, {
        realpath: false,
        stale: staleMs,
        update: Math.max(1e3, Math.floor(staleMs / 4)),
        retries: 0,
        // Refreshing failed for longer than staleMs (a blocked event loop, a full disk). The default
        // throws from a timer and would crash the run; the GPU-sharing telemetry catches the effect.
        onCompromised: () => void 0
      });
    } catch (err) {
      if (err.code !== "ELOCKED") throw err;
    }
    if (unlock) {
      const me = {
        pid: process.pid,
        hostname: os2.hostname(),
        info: options.holderInfo,
        since: (/* @__PURE__ */ new Date()).toISOString()
      };
      await writeFile2(holderFile, JSON.stringify(me)).catch(() => void 0);
      let released = false;
      const release = unlock;
      return {
        async release() {
          if (released) return;
          released = true;
          const current = await readHolder(holderFile);
          if (current && current.pid === me.pid && current.since === me.since) await rm(holderFile, { force: true });
          await release().catch(() => void 0);
        }
      };
    }
    const holder = describeHolder(await readHolder(holderFile), staleMs);
    if (holder !== lastHolder) {
      lastHolder = holder;
      options.onWait?.(holder);
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new GpuLockTimeoutError(
        `GPU ${index} is in use by ${holder}; gave up waiting after ${Math.round(options.timeoutMs / 1e3)} s (lock ${target})`,
        holder
      );
    }
    await sleep(Math.min(pollMs, left));
  }
}

// src/telemetry/gpuSampler.ts
import { spawn as nodeSpawn2 } from "node:child_process";
function pidExists(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
function describeFailure(command, r) {
  if (r.failure === "not-found") return `${command} not found`;
  if (r.failure === "timeout") return `${command} did not answer within the timeout`;
  if (r.failure === "spawn-error") return `${command} could not start: ${r.message ?? ""}`;
  if (saysNoDevices(r.stdout + r.stderr)) return "no NVIDIA GPU found";
  const text = (r.stderr || r.stdout).trim().split("\n")[0] ?? "";
  return `${command} exited with code ${r.code}${text ? `: ${text}` : ""}`;
}
async function startGpuSampler(options = {}) {
  const command = options.command ?? "nvidia-smi";
  const spawn = options.spawn ?? nodeSpawn2;
  const intervalMs = Math.max(50, Math.round(options.intervalMs ?? 200));
  const appsIntervalMs = Math.max(intervalMs, options.appsIntervalMs ?? 1e3);
  const timeoutMs = options.probeTimeoutMs ?? 5e3;
  const gpuIndex = options.gpuIndex ?? 0;
  const pidVisible = options.pidVisible ?? pidExists;
  const exec = (args) => execCommand(command, args, { timeoutMs, spawn, env: options.env });
  const unavailable = (reason) => {
    options.onUnavailable?.(reason);
    return void 0;
  };
  let fields = [...GPU_SAMPLE_FIELDS];
  const probeArgs = () => [`--query-gpu=${fields.join(",")}`, "--format=csv,noheader,nounits", "-i", String(gpuIndex)];
  let probe = await exec(probeArgs());
  if (probe.code !== 0 && saysInvalidField(probe.stdout + probe.stderr)) {
    fields = fields.map((f) => f === "clocks_event_reasons.active" ? LEGACY_REASONS_FIELD : f);
    probe = await exec(probeArgs());
  }
  if (probe.code !== 0) return unavailable(describeFailure(command, probe));
  const first = probe.stdout.split("\n").map((l) => parseGpuSampleLine(l, 0)).find((s) => s !== void 0);
  if (!first) return unavailable(`${command} printed no GPU line for index ${gpuIndex}`);
  const nameProbe = await exec(["--query-gpu=name", "--format=csv,noheader,nounits", "-i", String(gpuIndex)]);
  const gpu = { index: gpuIndex, uuid: first.uuid, name: nameProbe.code === 0 ? nameProbe.stdout.trim() : "" };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const samples = [];
  const apps = [];
  const errors = /* @__PURE__ */ new Set();
  let loop;
  try {
    loop = spawn(command, [...probeArgs(), "-lms", String(intervalMs)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: options.env ?? process.env
    });
  } catch (err) {
    return unavailable(`${command} could not start: ${String(err)}`);
  }
  let stopping = false;
  let pending = "";
  let stderr = "";
  loop.stdout?.setEncoding("utf8").on("data", (chunk) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const s = parseGpuSampleLine(line, elapsed());
      if (s) samples.push(s);
    }
  });
  loop.stderr?.setEncoding("utf8").on("data", (d) => {
    if (stderr.length < 4096) stderr += d;
  });
  loop.once("error", (err) => errors.add(`${command} sampling loop failed: ${err.message}`));
  loop.once("exit", (code, signal) => {
    if (!stopping) {
      const why = stderr.trim().split("\n")[0] ?? "";
      errors.add(`${command} sampling loop exited early (${signal ?? `code ${code}`})${why ? `: ${why}` : ""}`);
    }
  });
  const pollApps = async () => {
    const t = elapsed();
    const r = await exec([`--query-compute-apps=${COMPUTE_APPS_FIELDS.join(",")}`, "--format=csv,noheader,nounits"]);
    if (r.code !== 0) {
      errors.add(`process poll: ${describeFailure(command, r)}`);
      return;
    }
    let own = [];
    try {
      own = [...options.ownPids?.() ?? []];
    } catch {
    }
    apps.push({
      t_ms: t,
      apps: parseComputeApps(r.stdout).filter((a) => a.gpu_uuid === gpu.uuid).map((a) => ({ pid: a.pid, used_mib: a.used_mib, visible: pidVisible(a.pid) })),
      own
    });
  };
  let timer;
  let inflight = pollApps();
  const schedule = () => {
    if (stopping) return;
    timer = setTimeout(() => {
      inflight = pollApps().finally(() => {
        inflight = void 0;
        schedule();
      });
    }, appsIntervalMs);
    timer.unref();
  };
  void inflight.finally(schedule);
  let result;
  const stop = async () => {
    stopping = true;
    clearTimeout(timer);
    await inflight;
    await pollApps();
    if (loop) await terminate(loop);
    if (samples.length === 0) errors.add(`${command} sampling loop produced no samples`);
    return {
      gpu,
      interval_ms: intervalMs,
      duration_ms: elapsed(),
      samples,
      apps,
      errors: [...errors]
    };
  };
  return {
    gpu,
    stop: () => result ??= stop(),
    progress: () => ({ samples: samples.length, polls: apps.length }),
    deviceMemoryRiseMiB() {
      const used = answered(samples.map((s) => s.memory_used_mib));
      if (first.memory_used_mib === null || used.length === 0) return void 0;
      return Math.max(0, Math.max(...used) - first.memory_used_mib);
    },
    peakProcessMemoryMiB(pids) {
      const wanted = new Set(pids);
      let peak;
      for (const s of apps) {
        const mine = s.apps.filter((a) => wanted.has(a.pid) && a.used_mib !== null);
        if (mine.length === 0) continue;
        const sum = mine.reduce((acc, a) => acc + (a.used_mib ?? 0), 0);
        peak = Math.max(peak ?? 0, sum);
      }
      return peak;
    }
  };
}

// src/telemetry/hostLoad.ts
import { readFile as readFile3, readdir } from "node:fs/promises";
var procReader = {
  async readFile(path3) {
    try {
      return await readFile3(path3, "utf8");
    } catch {
      return void 0;
    }
  },
  async listPids() {
    try {
      return (await readdir("/proc")).filter((n) => /^\d+$/.test(n)).map(Number);
    } catch {
      return [];
    }
  }
};
function parseProcStat(text) {
  const lines = text.split("\n");
  const cpu = lines.find((l) => /^cpu\s/.test(l));
  if (!cpu) return void 0;
  const v = cpu.trim().split(/\s+/).slice(1, 9).map(Number);
  if (v.length < 4 || v.some((x) => !Number.isFinite(x))) return void 0;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = v;
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return {
    total,
    busy: user + nice + system + irq + softirq,
    steal,
    cpus: lines.filter((l) => /^cpu\d+\s/.test(l)).length || 1
  };
}
function parsePidStat(text) {
  const close = text.lastIndexOf(")");
  if (close < 0) return void 0;
  const rest = text.slice(close + 2).trim().split(/\s+/);
  const ppid = Number(rest[1]);
  const ticks = [11, 12, 13, 14].reduce((acc, i) => acc + Number(rest[i]), 0);
  if (!Number.isFinite(ppid) || !Number.isFinite(ticks)) return void 0;
  return { ppid, ticks };
}
async function readHostSnapshot(reader, rootPids, tMs) {
  const stat2 = await reader.readFile("/proc/stat");
  const cpu = stat2 === void 0 ? void 0 : parseProcStat(stat2);
  if (!cpu) return void 0;
  const pids = await reader.listPids();
  const stats = /* @__PURE__ */ new Map();
  for (let i = 0; i < pids.length; i += 64) {
    await Promise.all(
      pids.slice(i, i + 64).map(async (pid) => {
        const text = await reader.readFile(`/proc/${pid}/stat`);
        const parsed = text === void 0 ? void 0 : parsePidStat(text);
        if (parsed) stats.set(pid, parsed);
      })
    );
  }
  const children = /* @__PURE__ */ new Map();
  for (const [pid, s] of stats) children.set(s.ppid, [...children.get(s.ppid) ?? [], pid]);
  const own = /* @__PURE__ */ new Set();
  const queue = rootPids.filter((p) => stats.has(p));
  while (queue.length > 0) {
    const pid = queue.pop();
    if (own.has(pid)) continue;
    own.add(pid);
    queue.push(...children.get(pid) ?? []);
  }
  let ownTicks = 0;
  for (const pid of own) ownTicks += stats.get(pid)?.ticks ?? 0;
  const loadavg = await reader.readFile("/proc/loadavg");
  const load1 = loadavg === void 0 ? null : Number(loadavg.split(/\s+/)[0]);
  return {
    t_ms: tMs,
    cpu,
    ownTicks,
    ownPids: [...own],
    load1: load1 !== null && Number.isFinite(load1) ? load1 : null
  };
}
function summarizeHostLoad(snapshots) {
  const first = snapshots[0];
  const last = snapshots[snapshots.length - 1];
  if (!first || !last || snapshots.length < 2) return void 0;
  const total = last.cpu.total - first.cpu.total;
  if (total <= 0) return void 0;
  let others = 0;
  for (let i = 1; i < snapshots.length; i++) {
    const a = snapshots[i - 1];
    const b = snapshots[i];
    others += Math.max(0, b.cpu.busy - a.cpu.busy - Math.max(0, b.ownTicks - a.ownTicks));
  }
  const cpus = last.cpu.cpus;
  const othersShare = Math.min(1, others / total);
  const stealShare = (last.cpu.steal - first.cpu.steal) / total;
  const othersCpus = othersShare * cpus;
  const loads = snapshots.map((s) => s.load1).filter((l) => l !== null);
  return {
    samples: snapshots.length,
    cpus,
    others_cpus: round(othersCpus, 2),
    others_share: round(othersShare, 3),
    steal_share: round(stealShare, 3),
    load1_max: loads.length > 0 ? Math.max(...loads) : null,
    busy: othersCpus >= Math.max(0.5, 0.1 * cpus) || stealShare >= 0.1
  };
}
function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
async function startHostLoadSampler(options = {}) {
  const reader = options.reader ?? procReader;
  const intervalMs = options.intervalMs ?? 1e3;
  const roots = options.rootPids ?? (() => [process.pid]);
  const started = performance.now();
  const snapshots = [];
  let tree = [];
  const take = async () => {
    try {
      const s = await readHostSnapshot(reader, roots(), Math.round(performance.now() - started));
      if (s) {
        snapshots.push(s);
        tree = s.ownPids;
      }
    } catch {
    }
  };
  await take();
  let stopping = false;
  let inflight;
  let timer;
  const schedule = () => {
    if (stopping) return;
    timer = setTimeout(() => {
      inflight = take().finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    treePids: () => tree,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await inflight;
      await take();
      return summarizeHostLoad(snapshots);
    }
  };
}

// src/telemetry/runValidity.ts
var SEVERE = [
  "hw_slowdown",
  "hw_thermal_slowdown",
  "sw_thermal_slowdown",
  "hw_power_brake_slowdown"
];
var POWER_CAP_SHARE = 0.1;
var BENIGN = [
  "gpu_idle",
  "applications_clocks_setting",
  "sync_boost",
  "display_clock_setting"
];
function median(xs) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
function formatMiB(mib) {
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${Math.round(mib)} MiB`;
}
function assessThrottle(gpu, notes, summary) {
  const n = gpu.samples.length;
  const counts = /* @__PURE__ */ new Map();
  for (const s of gpu.samples) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  let throttled = false;
  let throttleSamples = 0;
  for (const s of gpu.samples) {
    if (s.reasons.some((r) => SEVERE.includes(r) || r === "sw_power_cap")) throttleSamples += 1;
  }
  for (const { name } of CLOCK_EVENT_REASONS) {
    const c = counts.get(name) ?? 0;
    if (c === 0 || BENIGN.includes(name)) continue;
    const marks = SEVERE.includes(name) || c / n >= POWER_CAP_SHARE;
    throttled ||= marks;
    notes.push(`GPU ${reasonLabel(name)} in ${c} of ${n} samples${marks ? "" : " (below the 10% that marks a run)"}`);
  }
  summary.throttle_samples = throttleSamples;
  summary.clock_event_reasons = [...counts].map(([r, c]) => `${r}:${c}`).join(", ") || null;
  return throttled;
}
function assessSharing(gpu, extraOwn, notes, summary) {
  const others = /* @__PURE__ */ new Map();
  const unattributed = /* @__PURE__ */ new Map();
  let ownSeen = false;
  let sharedPolls = 0;
  for (const poll of gpu.apps) {
    const own = /* @__PURE__ */ new Set([...poll.own, ...extraOwn]);
    const hasOwn = poll.apps.some((a) => own.has(a.pid));
    ownSeen ||= hasOwn;
    let shared = false;
    for (const a of poll.apps) {
      if (own.has(a.pid)) continue;
      if (a.visible || hasOwn) {
        const o = others.get(a.pid) ?? { polls: 0, peak: 0 };
        others.set(a.pid, { polls: o.polls + 1, peak: Math.max(o.peak, a.used_mib ?? 0) });
        shared = true;
      } else {
        unattributed.set(a.pid, Math.max(unattributed.get(a.pid) ?? 0, a.used_mib ?? 0));
      }
    }
    if (shared) sharedPolls += 1;
  }
  const polls = gpu.apps.length;
  summary.process_polls = polls;
  summary.other_processes = others.size;
  const listed = [...others].sort((a, b) => b[1].peak - a[1].peak).slice(0, 3);
  if (listed.length > 0) {
    const who = listed.map(([pid, o]) => `pid ${pid}, ${formatMiB(o.peak)}`).join("; ");
    const more = others.size > listed.length ? ` and ${others.size - listed.length} more` : "";
    const subject = others.size === 1 ? "another process" : `${others.size} other processes`;
    notes.push(`${subject} (${who}${more}) shared the GPU in ${sharedPolls} of ${polls} process polls`);
  }
  if (unattributed.size > 0 && !ownSeen) {
    const pids = [...unattributed.keys()].slice(0, 3).join(", ");
    notes.push(
      `GPU processes (pid ${pids}) are not visible from this pid namespace, so whether the GPU was shared is unknown`
    );
  }
  return others.size > 0;
}
function assessRunValidity(input) {
  const notes = [...input.notes ?? []];
  const summary = {};
  let throttled = false;
  let shared = false;
  const gpu = input.gpu;
  if (gpu) {
    const s = gpu.samples;
    Object.assign(summary, {
      gpu_name: gpu.gpu.name || null,
      gpu_index: gpu.gpu.index,
      gpu_samples: s.length,
      gpu_interval_ms: gpu.interval_ms,
      sm_clock_mhz_median: median(answered(s.map((x) => x.sm_mhz))),
      sm_clock_mhz_min: minOrNull(answered(s.map((x) => x.sm_mhz))),
      mem_clock_mhz_median: median(answered(s.map((x) => x.mem_mhz))),
      temperature_c_max: maxOrNull(answered(s.map((x) => x.temperature_c))),
      power_w_median: median(answered(s.map((x) => x.power_w))),
      power_w_max: maxOrNull(answered(s.map((x) => x.power_w))),
      utilization_pct_median: median(answered(s.map((x) => x.utilization_pct))),
      gpu_memory_used_mib_max: maxOrNull(answered(s.map((x) => x.memory_used_mib)))
    });
    if (s.length > 0) throttled = assessThrottle(gpu, notes, summary);
    shared = assessSharing(gpu, input.ownPids ?? [], notes, summary);
    for (const e of gpu.errors) notes.push(`GPU telemetry: ${e}`);
  }
  const host = input.host;
  if (host) {
    Object.assign(summary, {
      host_cpus: host.cpus,
      host_others_cpus: host.others_cpus,
      host_others_share: host.others_share,
      host_steal_share: host.steal_share,
      host_load1_max: host.load1_max,
      host_samples: host.samples
    });
    if (host.busy) {
      const steal = host.steal_share >= 0.1 ? `, hypervisor steal ${Math.round(host.steal_share * 100)}%` : "";
      notes.push(`host busy: other processes used ${host.others_cpus} of ${host.cpus} CPUs on average${steal}`);
    }
  }
  return {
    samples: gpu ? gpu.samples.length : host?.samples ?? 0,
    gpu_throttled: throttled,
    gpu_shared: shared,
    host_busy: host?.busy ?? false,
    notes,
    summary
  };
}
function maxOrNull(xs) {
  return xs.length > 0 ? Math.max(...xs) : null;
}
function minOrNull(xs) {
  return xs.length > 0 ? Math.min(...xs) : null;
}

// src/telemetry/telemetrySession.ts
async function startTelemetry(options) {
  const notes = [];
  const host = await startHostLoadSampler({
    intervalMs: options.hostIntervalMs,
    reader: options.procReader,
    rootPids: () => [process.pid]
  }).catch(() => void 0);
  const own = () => {
    let extra = [];
    try {
      extra = options.ownPids?.() ?? [];
    } catch {
    }
    return [process.pid, ...host?.treePids() ?? [], ...extra];
  };
  const gpu = options.gpu ? await startGpuSampler({
    ...options.gpuSampler,
    gpuIndex: options.gpuIndex,
    intervalMs: options.intervalMs,
    ownPids: own,
    onUnavailable: (reason) => notes.push(`GPU telemetry off: ${reason}`)
  }).catch((err) => {
    notes.push(`GPU telemetry off: ${String(err)}`);
    return void 0;
  }) : void 0;
  let stopped;
  const stop = async (pids) => {
    const attributed = pids.length > 0 ? pids : [process.pid];
    const [gpuTelemetry, hostSummary] = await Promise.all([
      gpu?.stop().catch(() => void 0),
      host?.stop().catch(() => void 0)
    ]);
    const telemetry = assessRunValidity({
      gpu: gpuTelemetry,
      host: hostSummary,
      ownPids: [...attributed, process.pid],
      notes
    });
    const peak = gpu?.peakProcessMemoryMiB(attributed);
    if (peak !== void 0) return { telemetry, gpuProcessPeakMiB: peak };
    const rise = gpu?.deviceMemoryRiseMiB();
    return rise === void 0 ? { telemetry } : { telemetry, gpuDeviceRiseMiB: rise };
  };
  return { stop: (pids) => stopped ??= stop(pids) };
}

export {
  MACHINE_FIELDS,
  PYTHON_FIELDS,
  collectEnvironment,
  acquireGpuLock,
  startTelemetry
};
