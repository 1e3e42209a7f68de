// Text that imitates a chat template's role markers ("### Human:", "[INST]", "<|im_start|>"…) could
// make the model read part of a member's message as a new system or assistant turn, overriding the
// system prompt a parent set. Such markers are removed from user messages and from system prompts members
// write (a conversation's instructions) before prompting. The engine itself never turns member text into
// control tokens (role-markers.llama.test.ts): what is removed here is text that looks like a turn.

const MARKERS: RegExp[] = [
  /<\|[A-Za-z0-9_.:-]{1,40}\|>/g, // ChatML, Llama 3, Phi, GPT: <|im_start|>, <|start_header_id|>, <|eot_id|>, <|user|>
  // DeepSeek's full-width bars (<｜User｜>, <｜end▁of▁sentence｜>), and any mix of full-width and ASCII brackets.
  /[<＜][|｜][A-Za-z0-9_.:▁ -]{1,40}[|｜][>＞]/g,
  /<\/?(?:s|start_of_turn|end_of_turn|bos|eos)>/gi, // Llama 2 BOS/EOS, Gemma
  /<<\/?SYS>>/gi, // Llama 2 system block
  /\[\/?(?:INST|SYSTEM_PROMPT|AVAILABLE_TOOLS|TOOL_RESULTS)\]/gi, // Llama 2, Mistral
  /^[ \t]*#{2,}[ \t]*(?=(?:human|assistant|system|user|instruction|response|input)\b)/gim, // "### Human:" (GeneralChatWrapper, Alpaca)
];

/** The message with every role marker removed (repeatedly, so pieces cannot join into a new marker). */
export function stripRoleMarkers(text: string): string {
  let current = text;
  for (let i = 0; i < 10; i++) {
    const next = MARKERS.reduce((acc, marker) => acc.replace(marker, ""), current);
    if (next === current) return next;
    current = next;
  }
  return current;
}
