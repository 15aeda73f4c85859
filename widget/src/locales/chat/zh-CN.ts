import type { ChatCatalog } from "./index.js";

const zhCN: ChatCatalog = {
  tutor: "导师",
  you: "你",
  log: "对话",
  question: "向导师提问",
  placeholder: "请求一个提示…",
  ask: "提问",
  answering: "导师正在回答…",
  "error.unexpected": "导师无法回答，请重试。",
  "error.tutor_off": "本次作业期间导师已关闭。",
  "error.network_error": "无法连接 Codeground，请检查网络连接。",
  "error.chat_not_enabled": "此课程网站未提供导师功能。",
  "error.chat_not_sponsored":
    "此处无法使用导师：此课程网站没有为学习者提供 AI 密钥。请联系网站所有者为导师提供资助。",
  "error.tutor_unavailable": "此服务器尚未配置 AI 导师。",
  "error.rate_limited": "提问过于频繁，请稍候再问。",
  "error.embed_tutor_limit": "此课程网站的学习者本小时已用完允许向导师发送的消息数，请稍后再试。",
  "error.provider_unavailable": "AI 服务商暂时没有响应，请一分钟后重试。",
  "error.provider_timeout": "AI 服务商在回答途中停止了响应，请重新提问。",
  "error.provider_stream_failed": "AI 服务商中断了回答，请重新提问。",
};
export default zhCN;
