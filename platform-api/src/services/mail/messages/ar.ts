import type { MailMessageKey } from "./en.js";

/** The mail in Arabic, with the portal's words (المعلّم for the tutor, رمز الوصول for an access token). */
const messages: Record<MailMessageKey, string> = {
  "common.footer": "أُرسلت هذه الرسالة من Codeground إلى {email}.",
  "common.ignore": "إذا لم تكن أنت، يمكنك تجاهل هذه الرسالة.",
  "common.linkFallback": "إذا لم يعمل الزر، فانسخ هذا العنوان إلى متصفحك:",

  "verify_email.subject": "تحقّق من عنوان بريدك الإلكتروني على Codeground",
  "verify_email.body":
    "أنشأ شخص ما حسابًا على Codeground بهذا العنوان.\nاتبع الرابط للتحقق منه. وإلى أن تفعل ذلك، يمكنك فعل كل شيء باستثناء إنشاء المقررات والتضمينات.\nيعمل الرابط مرة واحدة، لمدة 24 ساعة.",
  "verify_email.action": "التحقق من عنواني",

  "signup_existing.subject": "حاول شخص ما إنشاء حساب بعنوانك",
  "signup_existing.body":
    "حاول شخص ما إنشاء حساب على Codeground بهذا العنوان، مع أن له حسابًا بالفعل. لم يُنشأ حساب ثانٍ.\nإذا كنت أنت، فسجّل الدخول بدلًا من ذلك. وإذا نسيت كلمة المرور، يمكنك إعادة تعيينها.",
  "signup_existing.action": "إعادة تعيين كلمة المرور",

  "email_change.subject": "أكّد عنوان بريدك الإلكتروني الجديد على Codeground",
  "email_change.body":
    "طلبت استخدام هذا العنوان لحسابك على Codeground.\nاتبع الرابط لتأكيده. وإلى أن تفعل ذلك، يحتفظ حسابك بعنوانه الحالي.\nيعمل الرابط مرة واحدة، لمدة 24 ساعة.",
  "email_change.action": "استخدام هذا العنوان",

  "email_changed.subject": "تم تغيير عنوان البريد الإلكتروني لحسابك على Codeground",
  "email_changed.body":
    "تم تغيير عنوان البريد الإلكتروني لحسابك على Codeground إلى {newEmail}.\nمن الآن فصاعدًا، يُرسل البريد إلى هذا العنوان. إذا لم تقم بذلك، فأعد تعيين كلمة المرور فورًا وتواصل مع المسؤول.",
  "email_changed.action": "إعادة تعيين كلمة المرور",

  "password_reset.subject": "إعادة تعيين كلمة مرورك على Codeground",
  "password_reset.body":
    "طلب شخص ما إعادة تعيين كلمة مرور حساب Codeground المرتبط بهذا العنوان.\nاتبع الرابط لاختيار كلمة مرور جديدة. يعمل الرابط مرة واحدة، لمدة 30 دقيقة. وإذا كان التحقق بخطوتين مفعّلًا، فستحتاج أيضًا إلى رمز من تطبيقك أو رمز استرداد.",
  "password_reset.action": "اختيار كلمة مرور جديدة",

  "password_changed.subject": "تم تغيير كلمة مرورك على Codeground",
  "password_changed.body":
    "أُعيد تعيين كلمة مرور حسابك على Codeground. انتهت كل الجلسات ورموز الوصول: سجّل الدخول من جديد في كل مكان.\nإذا لم تقم بذلك، فأعد تعيين كلمة المرور مرة أخرى فورًا وتواصل مع المسؤول.",
  "password_changed.action": "تسجيل الدخول",

  "course_invitation.subject": "أنت مدعو لتدريس {course} على Codeground",
  "course_invitation.body":
    "دعاك {inviter} للانضمام إلى المقرر {course} بصفة {role}.\nاتبع الرابط لقبول الدعوة. وإذا لم يكن لديك حساب على Codeground بعد، فستنشئ حسابًا أولًا. تعمل الدعوة مرة واحدة، لمدة 7 أيام.",
  "course_invitation.action": "قبول الدعوة",
  "role.instructor": "مدرّس",
  "role.ta": "مساعد تدريس",

  "key_expiring.subject": "تنتهي صلاحية مفتاح API {key} في {date}",
  "key_expiring.body":
    "تنتهي في {date} صلاحية المفتاح {key} من {provider} المحفوظ في خزنتك على Codeground.\nبعد ذلك، يتوقف المعلّم والملاحظات التي تستخدمه عن العمل. استبدل سرّه أو اختر مفتاحًا آخر.",
  "key_expiring.action": "فتح مفاتيحي",

  "budget_warning.subject": "{budget}: استُهلك {percent}% من ميزانية المعلّم لهذا الشهر",
  "budget_warning.body":
    "استهلك {budget} نسبة {percent}% من ميزانية المعلّم لهذا الشهر ({used} من أصل {limit} من الرموز).\nعند بلوغ 100%، يتوقف المعلّم عن الإجابة حتى الشهر التالي أو حتى تُرفع الميزانية.",
  "budget_exhausted.subject": "{budget}: نفدت ميزانية المعلّم لهذا الشهر",
  "budget_exhausted.body":
    "استهلك {budget} ميزانية المعلّم كاملةً لهذا الشهر ({used} من أصل {limit} من الرموز).\nلن يجيب المعلّم بها حتى الشهر التالي، أو حتى تُرفع الميزانية.",
  "budget.own": "مفتاحك {key}",
  "budget.course": "المقرر {course}",
  "budget.action": "مراجعة الميزانية",

  "mfa_disabled.subject": "تم تعطيل التحقق بخطوتين",
  "mfa_disabled.body":
    "عُطّل التحقق بخطوتين لحسابك على Codeground في {date}.\nأصبح حسابك الآن محميًا بكلمة المرور وحدها. إذا لم تقم بذلك، فأعد تعيين كلمة المرور فورًا وفعّل التحقق بخطوتين من جديد.",
  "mfa_disabled.action": "فتح إعدادات الأمان",

  "token_created.subject": "أُنشئ رمز وصول جديد: {token}",
  "token_created.body":
    "أُنشئ في {date} رمز وصول باسم {token} بالصلاحيات {scopes} لحسابك على Codeground.\nإذا لم تقم بذلك، فألغِه من إعدادات الأمان وغيّر كلمة المرور.",
  "token_created.action": "فتح إعدادات الأمان",

  "new_sign_in.subject": "تسجيل دخول جديد إلى Codeground من {browser}",
  "new_sign_in.body":
    "سُجّل الدخول إلى حسابك على Codeground في {date} من متصفح لم يُستخدم معه من قبل.\nالمتصفح: {browser}\nعنوان IP: {ip}\nإذا كنت أنت، فلا داعي لأي إجراء. وإلا، فأعد تعيين كلمة المرور وفعّل التحقق بخطوتين.",
  "new_sign_in.action": "فتح إعدادات الأمان",
  "new_sign_in.browserOn": "{browser} على {system}",
  "new_sign_in.unknownBrowser": "متصفح غير معروف",

  "notifications.footer": "يمكنك إيقاف هذا النوع من الرسائل من إعدادات الإشعارات في البوابة.",

  "account_deleted.subject": "تم حذف حسابك على Codeground",
  "account_deleted.body":
    "حُذف حسابك على Codeground والبيانات التي كان يحتفظ بها في {date}، بناءً على طلبك.\nلم يبقَ سوى إدخالات بأسماء مستعارة من سجل التدقيق. ولا يمكن التراجع عن ذلك.",
};
export default messages;
