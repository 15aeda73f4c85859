import type { ConnectCatalog } from "./index.js";

const ar: ConnectCatalog = {
  title: "تسجيل Codeground في نظام إدارة التعلّم لديك",
  nothing:
    "افتح هذه النافذة من تسجيل الأدوات في نظام إدارة التعلّم لديك (التسجيل الديناميكي لـ Codeground)؛ لا شيء لتسجيله هنا.",
  ask: "تسجيل Codeground في {platform}؟",
  explain:
    "تطلب منصة التعلّم على {platform} إضافة Codeground أداةً بمعيار LTI 1.3. سيكون التسجيل باسمك: تصبح المقررات التي تُشغَّل من تلك المنصة مقررات في Codeground تملكها، ويمكنك إزالة التسجيل من صفحة LTI لديك.",
  who: "مسجّل الدخول باسم {name}.",
  register: "تسجيل",
  cancel: "إلغاء",
  logout: "لست أنت؟ سجّل الخروج",
  registering: "جارٍ التسجيل…",
  done: "سُجّل Codeground في {issuer}. يمكنك إغلاق هذه النافذة؛ سيُكمل نظام إدارة التعلّم الإعداد.",
  cancelled: "لم يُسجَّل شيء. يمكنك إغلاق هذه النافذة.",
};
export default ar;
