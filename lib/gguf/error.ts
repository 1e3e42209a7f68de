export type GgufErrorCode = "not_gguf" | "truncated" | "unsupported_version" | "corrupt";

export class GgufError extends Error {
  readonly code: GgufErrorCode;
  constructor(code: GgufErrorCode, message: string) {
    super(message);
    this.name = "GgufError";
    this.code = code;
  }
}
