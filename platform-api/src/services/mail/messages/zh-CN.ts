import type { MailMessageKey } from "./en.js";

/** The mail in Simplified Chinese, with full-width punctuation and "你" like the portal. */
const messages: Record<MailMessageKey, string> = {
  "common.footer": "此邮件由 Codeground 发送至 {email}。",
  "common.ignore": "如果这不是你本人的操作，可以忽略此邮件。",
  "common.linkFallback": "如果按钮无法使用，请将以下地址复制到浏览器中：",

  "verify_email.subject": "验证你在 Codeground 的电子邮箱地址",
  "verify_email.body":
    "有人使用此地址注册了 Codeground。\n请点击链接完成验证。验证之前，除了创建课程和嵌入，你可以使用所有功能。\n该链接仅可使用一次，24 小时内有效。",
  "verify_email.action": "验证我的邮箱地址",

  "signup_existing.subject": "有人尝试使用你的邮箱地址注册",
  "signup_existing.body":
    "有人尝试使用此地址创建 Codeground 账号，但该地址已有账号，因此没有创建第二个账号。\n如果是你本人，请直接登录。如果忘记了密码，可以重置密码。",
  "signup_existing.action": "重置我的密码",

  "email_change.subject": "确认你在 Codeground 的新电子邮箱地址",
  "email_change.body":
    "你申请将此地址用于你的 Codeground 账号。\n请点击链接进行确认。确认之前，你的账号仍使用当前地址。\n该链接仅可使用一次，24 小时内有效。",
  "email_change.action": "使用此地址",

  "email_changed.subject": "你的 Codeground 电子邮箱地址已更改",
  "email_changed.body":
    "你的 Codeground 账号的电子邮箱地址已更改为 {newEmail}。\n今后邮件将发送到该地址。如果这不是你本人的操作，请立即重置密码并联系你的管理员。",
  "email_changed.action": "重置我的密码",

  "password_reset.subject": "重置你的 Codeground 密码",
  "password_reset.body":
    "有人申请重置与此地址关联的 Codeground 账号的密码。\n请点击链接设置新密码。该链接仅可使用一次，30 分钟内有效。如果开启了两步验证，你还需要输入应用中的验证码或一个恢复码。",
  "password_reset.action": "设置新密码",

  "password_changed.subject": "你的 Codeground 密码已更改",
  "password_changed.body":
    "你的 Codeground 账号密码已重置。所有会话和访问令牌均已终止：请在所有设备上重新登录。\n如果这不是你本人的操作，请立即再次重置密码并联系你的管理员。",
  "password_changed.action": "登录",

  "course_invitation.subject": "你受邀在 Codeground 上讲授 {course}",
  "course_invitation.body":
    "{inviter} 邀请你以{role}身份加入课程 {course}。\n请点击链接接受邀请。如果你还没有 Codeground 账号，需要先创建一个。该邀请仅可使用一次，7 天内有效。",
  "course_invitation.action": "接受邀请",
  "role.instructor": "讲师",
  "role.ta": "助教",

  "key_expiring.subject": "你的 API 密钥 {key} 将于 {date} 过期",
  "key_expiring.body":
    "你的 Codeground 保管库中的 {provider} 密钥 {key} 将于 {date} 过期。\n过期后，使用该密钥的导师和反馈将停止工作。请替换其密钥值，或选择其他密钥。",
  "key_expiring.action": "打开我的密钥",

  "budget_warning.subject": "{budget}：本月导师预算已使用 {percent}%",
  "budget_warning.body":
    "{budget} 本月已使用导师预算的 {percent}%（{limit} 个令牌中的 {used} 个）。\n用量达到 100% 后，导师将停止回答，直到下个月或预算提高为止。",
  "budget_exhausted.subject": "{budget}：本月导师预算已用完",
  "budget_exhausted.body":
    "{budget} 本月的导师预算已全部用完（{limit} 个令牌中的 {used} 个）。\n在下个月或预算提高之前，导师将不再使用该预算回答。",
  "budget.own": "你的密钥 {key}",
  "budget.course": "课程 {course}",
  "budget.action": "查看预算",

  "mfa_disabled.subject": "两步验证已关闭",
  "mfa_disabled.body":
    "你的 Codeground 账号已于 {date} 关闭两步验证。\n现在你的账号仅受密码保护。如果这不是你本人的操作，请立即重置密码并重新开启两步验证。",
  "mfa_disabled.action": "打开安全设置",

  "token_created.subject": "已创建新的访问令牌：{token}",
  "token_created.body":
    "{date}，你的 Codeground 账号创建了一个名为 {token}、权限范围为 {scopes} 的访问令牌。\n如果这不是你本人的操作，请在安全设置中撤销该令牌并更改密码。",
  "token_created.action": "打开安全设置",

  "new_sign_in.subject": "Codeground 新登录：{browser}",
  "new_sign_in.body":
    "{date}，你的 Codeground 账号在一个此前从未使用过的浏览器上登录。\n浏览器：{browser}\nIP 地址：{ip}\n如果是你本人，无需任何操作。如果不是，请重置密码并开启两步验证。",
  "new_sign_in.action": "打开安全设置",
  "new_sign_in.browserOn": "{system} 上的 {browser}",
  "new_sign_in.unknownBrowser": "未知浏览器",

  "notifications.footer": "你可以在门户的通知设置中关闭此类邮件。",

  "account_deleted.subject": "你的 Codeground 账号已删除",
  "account_deleted.body":
    "应你的要求，你的 Codeground 账号及其保存的数据已于 {date} 删除。\n仅保留审计日志中经过假名化处理的条目。此操作无法撤销。",
};
export default messages;
