import type { ChatCatalog } from "./index.js";

const ar: ChatCatalog = {
  tutor: "المرشد",
  you: "أنت",
  log: "المحادثة",
  question: "اسأل المرشد",
  placeholder: "اطلب تلميحًا…",
  ask: "اسأل",
  answering: "المرشد يجيب…",
  "error.unexpected": "تعذّر على المرشد الإجابة؛ حاول مرة أخرى.",
  "error.tutor_off": "المرشد متوقف خلال هذا الواجب.",
  "error.network_error": "تعذّر الوصول إلى Codeground؛ تحقّق من اتصالك.",
  "error.chat_not_enabled": "موقع هذه الدورة لا يوفّر المرشد.",
  "error.chat_not_sponsored":
    "المرشد غير متاح هنا: موقع هذه الدورة لا يوفّر مفتاح ذكاء اصطناعي لمتعلّميه. اطلب من مالك الموقع تمويل المرشد.",
  "error.tutor_unavailable": "المرشد الآلي غير مُعدّ على هذا الخادم.",
  "error.rate_limited": "أسئلة كثيرة في وقت قصير؛ انتظر قليلًا ثم اسأل مجددًا.",
  "error.embed_tutor_limit":
    "استنفد متعلّمو موقع هذه الدورة كل رسائل المرشد المسموح بها في الساعة؛ حاول لاحقًا.",
  "error.provider_unavailable": "مزوّد الذكاء الاصطناعي لا يستجيب الآن؛ حاول بعد دقيقة.",
  "error.provider_timeout": "توقّف مزوّد الذكاء الاصطناعي عن الإجابة في منتصف الرد؛ اسأل مجددًا.",
  "error.provider_stream_failed": "قطع مزوّد الذكاء الاصطناعي ردّه؛ اسأل مجددًا.",
};
export default ar;
