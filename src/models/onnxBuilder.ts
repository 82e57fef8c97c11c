// A small builder for ONNX graphs: nodes, initializers and typed inputs/outputs, encoded with the
// protobufjs-generated ONNX schema (onnx-proto). Tensor bytes are referenced, not copied, until encode.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export const DT = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
} as const;
export type DataType = (typeof DT)[keyof typeof DT];

export type Dim = number | string;
export type AttrValue = number | number[] | string | { float: number };

export class OnnxGraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly usedNames = new Set<string>();
  private counter = 0;

  /** A fresh value name with a readable prefix. */
  name(prefix: string): string {
    let n = `${prefix}_${this.counter++}`;
    while (this.usedNames.has(n)) n = `${prefix}_${this.counter++}`;
    this.usedNames.add(n);
    return n;
  }

  input(name: string, elemType: DataType, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: DataType, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** Adds an initializer from raw little-endian bytes. */
  initializer(name: string, dataType: DataType, dims: number[], bytes: Uint8Array): string {
    this.usedNames.add(name);
    this.initializers.push({ name, dataType, dims, rawData: bytes });
    return name;
  }

  f32(name: string, dims: number[], data: Float32Array): string {
    return this.initializer(name, DT.FLOAT, dims, bytesOf(data));
  }

  i64(name: string, dims: number[], values: number[]): string {
    return this.initializer(name, DT.INT64, dims, bytesOf(BigInt64Array.from(values.map((v) => BigInt(v)))));
  }

  /**
   * Adds a node; returns its output names. `outputs` is a count (fresh names) or explicit names.
   */
  node(
    opType: string,
    inputs: string[],
    outputs: number | string[] = 1,
    attrs: Record<string, AttrValue> = {},
    domain = '',
  ): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.name(opType)) : outputs;
    this.nodes.push({
      opType,
      domain,
      name: this.name(`${opType}_node`),
      input: inputs,
      output: outs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** Single-output node. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, domain = ''): string {
    return this.node(opType, inputs, 1, attrs, domain)[0]!;
  }

  encode(graphName: string, opsets: Record<string, number>, producer: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: producer,
      producerVersion: '1',
      opsetImport: Object.entries(opsets).map(([domain, version]) => ({ domain, version })),
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, elemType: DataType, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, v: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if (typeof v === 'object') return { name, type: T.FLOAT, f: v.float };
  return { name, type: T.INT, i: v };
}

/** The bytes of a typed array, without a copy (ONNX raw_data is little-endian, as are our hosts). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
