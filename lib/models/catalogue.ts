// Curated instruct models in GGUF, offered on first run, and multilingual embedding models for documents. Data only: sizes are approximate (the Hub's
// file tree gives the exact ones), licences as published by each model's authors.
export type CatalogueEntry = {
  repo: string;
  file: string;
  name: string;
  parameters: string;
  quantization: string;
  approxBytes: number;
  licence: string;
  /** Embedding models turn text into vectors for documents (the admin picks one); chat models when absent. */
  kind?: "embedding";
};

const GB = 1e9;

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    repo: "Qwen/Qwen2.5-0.5B-Instruct-GGUF",
    file: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
    name: "Qwen 2.5 0.5B Instruct",
    parameters: "0.5B",
    quantization: "Q4_K_M",
    approxBytes: 0.49 * GB,
    licence: "Apache-2.0",
  },
  {
    repo: "bartowski/Llama-3.2-1B-Instruct-GGUF",
    file: "Llama-3.2-1B-Instruct-Q4_K_M.gguf",
    name: "Llama 3.2 1B Instruct",
    parameters: "1B",
    quantization: "Q4_K_M",
    approxBytes: 0.81 * GB,
    licence: "Llama 3.2 Community",
  },
  {
    repo: "Qwen/Qwen2.5-1.5B-Instruct-GGUF",
    file: "qwen2.5-1.5b-instruct-q4_k_m.gguf",
    name: "Qwen 2.5 1.5B Instruct",
    parameters: "1.5B",
    quantization: "Q4_K_M",
    approxBytes: 1.12 * GB,
    licence: "Apache-2.0",
  },
  {
    repo: "bartowski/gemma-2-2b-it-GGUF",
    file: "gemma-2-2b-it-Q4_K_M.gguf",
    name: "Gemma 2 2B",
    parameters: "2.6B",
    quantization: "Q4_K_M",
    approxBytes: 1.71 * GB,
    licence: "Gemma",
  },
  {
    repo: "bartowski/Llama-3.2-3B-Instruct-GGUF",
    file: "Llama-3.2-3B-Instruct-Q4_K_M.gguf",
    name: "Llama 3.2 3B Instruct",
    parameters: "3B",
    quantization: "Q4_K_M",
    approxBytes: 2.02 * GB,
    licence: "Llama 3.2 Community",
  },
  {
    repo: "bartowski/Llama-3.2-3B-Instruct-GGUF",
    file: "Llama-3.2-3B-Instruct-Q8_0.gguf",
    name: "Llama 3.2 3B Instruct",
    parameters: "3B",
    quantization: "Q8_0",
    approxBytes: 3.42 * GB,
    licence: "Llama 3.2 Community",
  },
  {
    repo: "bartowski/Phi-3.5-mini-instruct-GGUF",
    file: "Phi-3.5-mini-instruct-Q4_K_M.gguf",
    name: "Phi 3.5 mini Instruct",
    parameters: "3.8B",
    quantization: "Q4_K_M",
    approxBytes: 2.39 * GB,
    licence: "MIT",
  },
  {
    repo: "ggml-org/gemma-3-4b-it-GGUF",
    file: "gemma-3-4b-it-Q4_K_M.gguf",
    name: "Gemma 3 4B",
    parameters: "4B",
    quantization: "Q4_K_M",
    approxBytes: 2.49 * GB,
    licence: "Gemma",
  },
  {
    repo: "Qwen/Qwen3-4B-GGUF",
    file: "Qwen3-4B-Q4_K_M.gguf",
    name: "Qwen 3 4B",
    parameters: "4B",
    quantization: "Q4_K_M",
    approxBytes: 2.5 * GB,
    licence: "Apache-2.0",
  },
  {
    repo: "bartowski/Mistral-7B-Instruct-v0.3-GGUF",
    file: "Mistral-7B-Instruct-v0.3-Q4_K_M.gguf",
    name: "Mistral 7B Instruct v0.3",
    parameters: "7B",
    quantization: "Q4_K_M",
    approxBytes: 4.37 * GB,
    licence: "Apache-2.0",
  },
  {
    repo: "bartowski/Qwen2.5-7B-Instruct-GGUF",
    file: "Qwen2.5-7B-Instruct-Q4_K_M.gguf",
    name: "Qwen 2.5 7B Instruct",
    parameters: "7.6B",
    quantization: "Q4_K_M",
    approxBytes: 4.68 * GB,
    licence: "Apache-2.0",
  },
  {
    repo: "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF",
    file: "Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf",
    name: "Llama 3.1 8B Instruct",
    parameters: "8B",
    quantization: "Q4_K_M",
    approxBytes: 4.92 * GB,
    licence: "Llama 3.1 Community",
  },
  {
    repo: "Qwen/Qwen3-8B-GGUF",
    file: "Qwen3-8B-Q4_K_M.gguf",
    name: "Qwen 3 8B",
    parameters: "8B",
    quantization: "Q4_K_M",
    approxBytes: 5.03 * GB,
    licence: "Apache-2.0",
  },
  // Embedding models (multilingual: English and Chinese documents alike). Pulled and fitted like the others.
  {
    repo: "Qwen/Qwen3-Embedding-0.6B-GGUF",
    file: "Qwen3-Embedding-0.6B-Q8_0.gguf",
    name: "Qwen3 Embedding 0.6B",
    parameters: "0.6B",
    quantization: "Q8_0",
    approxBytes: 0.64 * GB,
    licence: "Apache-2.0",
    kind: "embedding",
  },
  {
    repo: "rbehzadan/bge-m3-gguf",
    file: "bge-m3-Q8_0.gguf",
    name: "BGE-M3",
    parameters: "0.57B",
    quantization: "Q8_0",
    approxBytes: 0.64 * GB,
    licence: "MIT",
    kind: "embedding",
  },
  {
    repo: "chris-code/multilingual-e5-large-Q8_0-GGUF",
    file: "multilingual-e5-large-q8_0.gguf",
    name: "Multilingual E5 Large",
    parameters: "0.56B",
    quantization: "Q8_0",
    approxBytes: 0.6 * GB,
    licence: "MIT",
    kind: "embedding",
  },
];
