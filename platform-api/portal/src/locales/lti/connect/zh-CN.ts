import type { ConnectCatalog } from "./index.js";

const zhCN: ConnectCatalog = {
  title: "在你的 LMS 中注册 Codeground",
  nothing: "请从你的 LMS 的工具注册（Codeground 的动态注册）中打开此窗口；这里没有可注册的内容。",
  ask: "在 {platform} 注册 Codeground？",
  explain:
    "位于 {platform} 的学习平台请求将 Codeground 添加为 LTI 1.3 工具。该注册将归你所有：从该平台启动的课程会成为你拥有的 Codeground 课程，你也可以在 LTI 页面移除该注册。",
  who: "当前登录：{name}。",
  register: "注册",
  cancel: "取消",
  logout: "不是你？退出登录",
  registering: "正在注册…",
  done: "Codeground 已在 {issuer} 注册。你可以关闭此窗口；LMS 会完成剩余设置。",
  cancelled: "未注册任何内容。你可以关闭此窗口。",
};
export default zhCN;
