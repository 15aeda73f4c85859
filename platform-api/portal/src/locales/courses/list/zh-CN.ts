import type { ListCatalog } from "./index.js";

const zhCN: ListCatalog = {
  title: "课程",
  intro: "课程是你授课的地方：包括教学人员、课程网站上的嵌入练习和学习者。",
  loading: "正在加载课程…",
  empty: "你还没有加入任何课程：在下方创建一个，或用老师给你的代码加入课程。",
  caption: "你的课程",
  "col.course": "课程",
  "col.role": "你的角色",
  personal: "在“嵌入”页面创建的嵌入会放在这里",
  "role.owner": "所有者",
  "role.instructor": "讲师",
  "role.ta": "助教",
  "role.learner": "学习者",
  "create.title": "创建课程",
  "create.name": "课程名称",
  "create.placeholder": "Python 入门，春季学期",
  "create.hint": "你将成为课程所有者，并可以邀请讲师和助教。",
  "create.submit": "创建课程",
  "join.title": "加入课程",
  "join.code": "加入代码",
  "join.hint": "老师给你的 10 位字母和数字；空格和连字符不影响。你将以学习者身份加入。",
  "join.submit": "加入课程",
};
export default zhCN;
