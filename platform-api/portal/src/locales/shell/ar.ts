import type { ShellCatalog } from "./index.js";

const ar: ShellCatalog = {
  "nav.label": "البوابة",
  "nav.problems": "المسائل",
  "nav.courses": "المقررات",
  "nav.keys": "المفاتيح",
  "nav.security": "الأمان",
  "nav.embeds": "التضمينات",
  "nav.lti": "LTI",
  "nav.audit": "سجل التدقيق",
  "nav.author": "التأليف",
  "nav.admin": "المستخدمون",
  language: "اللغة",
  loading: "جارٍ التحميل…",
  logout: "تسجيل الخروج",
  "error.chunk": "تعذّر تحميل هذه الصفحة. تحقّق من اتصالك، ثم أعد تحميل الصفحة.",
  "error.network": "تعذّر الوصول إلى Codeground. تحقّق من اتصالك.",
  "error.http": "فشل الطلب (HTTP {status}).",
  "intro.connect":
    "سجّل الدخول إلى Codeground لربط مفاتيح مزوّدي الذكاء الاصطناعي بصفحة المقرر التي أرسلتك إلى هنا.",
  "intro.lti":
    "سجّل الدخول إلى Codeground، أو أنشئ حسابًا، لتسجيل Codeground في منصة التعلّم (LMS) التي أرسلتك إلى هنا.",
  "intro.invitation":
    "لقد دُعيت للمساعدة في تدريس مقرر على Codeground. سجّل الدخول، أو أنشئ حسابًا، بعنوان البريد الإلكتروني الذي أُرسلت إليه الدعوة؛ وبعدها يمكنك قبولها.",
  "sandbox.down":
    "تشغيل الشيفرة غير متاح الآن: تعذّر الوصول إلى بيئة التشغيل المعزولة. لا يزال بإمكانك تصفّح المسائل وإدارة مفاتيحك؛ وسيعود التشغيل والإرسال للعمل فور عودتها.",
  "auth.login": "تسجيل الدخول",
  "auth.signup.title": "أنشئ حسابك",
  "auth.mfa.title": "التحقق بخطوتين",
  "auth.code": "الرمز من تطبيق المصادقة، أو رمز استرداد",
  "auth.name": "الاسم (اختياري)",
  "auth.email": "البريد الإلكتروني",
  "auth.password": "كلمة المرور",
  "auth.password.hint": "10 أحرف على الأقل؛ والأفضل عبارة مرور.",
  "auth.signup": "إنشاء حساب",
  "auth.verify": "تحقّق",
  "auth.need_account": "أحتاج إلى حساب",
  "auth.back": "العودة إلى تسجيل الدخول",
  "copy.done": "تم النسخ: {what}.",
  "copy.manual": "تعذّر النسخ ({what}): حدّده وانسخه يدويًا.",
};
export default ar;
