import type { InvitationCatalog } from "./index.js";

const zhCN: InvitationCatalog = {
  title: "课程邀请",
  "title.join": "以{role}身份加入 {course}",
  loading: "正在加载邀请…",
  "role.instructor": "讲师",
  "role.ta": "助教",
  "offer.instructor": "你受邀以讲师身份协助讲授 {course}。",
  "offer.ta": "你受邀以助教身份协助讲授 {course}。",
  "offer.instructor.does": "讲师管理课程的嵌入并邀请助教。",
  "offer.ta.does": "助教可以查看课程、成员和嵌入，但不能修改。",
  sent: "已发送至 {email}；此链接只能使用一次，有效期至 {until}。",
  accept: "接受并以{role}身份加入",
  logout: "退出登录",
  "refused.used": "此邀请链接已被使用。如果不是你使用的，请向邀请你的人索取新链接。",
  "refused.expired": "此邀请链接已过期：链接有效期为 7 天。请向邀请你的人索取新链接。",
  "refused.not_found": "此邀请链接无效。请检查链接是否完整，或向邀请你的人索取新链接。",
  "refused.already_owner": "你已经是此课程的所有者，无需接受。",
  "refused.elsewhere":
    "此邀请发送至 {sentTo}，但你当前登录的是 {email}。请退出登录，再用收到邀请的地址登录或注册，然后重新打开链接。",
  "refused.elsewhere.address": "另一个地址",
  "refused.elsewhere.someone": "其他人",
};
export default zhCN;
