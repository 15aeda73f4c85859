import type { ConnectCatalog } from "./index.js";

const zhCN: ConnectCatalog = {
  title: "连接你的密钥",
  "title.origin": "要将你的密钥连接到 {origin} 吗？",
  asks: "{origin} 上的 Codeground 密钥管理器请求在一小时内管理你保管库中的 AI 服务商密钥：列出、添加、重命名、替换和删除密钥，并选择由哪个密钥支付导师费用。",
  hint: "它永远看不到已保存的密钥值（只能看到最后四个字符），也看不到你账户的其他任何信息，课程网站本身则什么也看不到。你可以在那里（断开连接）或在“安全”页面的访问令牌中结束授权。",
  signed_in: "已登录为 {name}。",
  allow: "允许一小时",
  cancel: "取消",
  log_out: "不是你？退出登录",
  granting: "正在授权…",
  granted: "已授予访问权限。你可以关闭此窗口并返回课程页面。",
  refused: "你选择了不连接你的 Codeground 账户。",
  nothing_shared: "未共享任何内容。你可以关闭此窗口。",
  no_opener:
    "请从课程页面上的密钥管理器打开此页面（点击其“连接你的 Codeground 账户”按钮）；这里没有可连接的内容。",
  "error.embed_not_found": "没有嵌入使用此公开密钥；打开此窗口的页面可能已过时。",
  "error.keys_not_enabled": "此嵌入未提供密钥管理器；其所有者可以在嵌入设置中开启。",
  "error.origin_not_allowed": "此嵌入不允许在 {origin} 上使用；其所有者可以在嵌入设置中添加该来源。",
  "error.network_error": "无法连接 Codeground。请检查网络连接。",
  "error.rate_limited": "请求过于频繁，请稍后再试。",
};
export default zhCN;
