// The built-in text the fixture tokenizer is learned from. Its content only shapes which merges
// exist; any change to it changes the tokenizer (and the committed fixtures), so keep it stable.
export const TRAINING_TEXT = `Explain quantum computing: a quantum computer stores information in qubits. A qubit can be in a
superposition of zero and one, and several qubits can be entangled, so that measuring one of them
tells you something about the others. Quantum algorithms use interference to make the right answers
more likely and the wrong answers less likely. Computing with qubits is fragile: noise from the
environment destroys superposition, which is why quantum computers are cooled close to absolute zero
and why error correction is one of the main problems of the field.

A benchmark measures how fast a program runs on a given machine. To benchmark the inference of a
language model, we run the model several times on the same prompt, throw away the first run as a
warm-up, and measure the time of each of the following runs. The time to the first token tells how
long the user waits before the answer starts; the time per output token tells how fast the answer
is written. The number of tokens per second is the number of new tokens divided by the time.

Performance depends on the batch size, on the length of the prompt, on the precision of the weights
and on the hardware. A model in half precision uses half the memory of the same model in full
precision; a model with four-bit weights uses even less, and it is often faster when the time of a
step is spent reading weights from memory. The results must be validated on representative
workloads, on every change, because a change that makes one configuration faster can make another
one slower.

The transformer reads the tokens of the prompt, computes keys and values for every layer, and keeps
them in a cache. When it generates the next token, it only computes the keys and values of that
token and attends to the cache, so each step costs much less than reading the whole text again.
Greedy decoding picks the token with the highest score at every step; it is deterministic, which
makes it the right choice for a benchmark: the same model and the same prompt give the same tokens.

Statistics matter because timings are noisy. The same code, run twice on the same machine, does not
give the same numbers. A regression is a change that makes the program slower by more than the
noise; an improvement makes it faster by more than the noise; anything else is unchanged, or, when
there are too few samples to tell, inconclusive. The median of several runs is more robust than the
mean, and the spread between runs on different days is often larger than the spread within one run.
0123456789 10 100 1000 2024 3.14 42 7 8 16 32 64 128 256 512 1024 2048 4096
What is the answer? It is the question. Why? Because! (Yes.) "Quoted text", 'single', [brackets],
{braces}, and: semicolons; commas, dashes - and hyphens, slashes / and back\\slashes, a+b=c, x*y, 50%.
`;
