import { javascript } from "@codemirror/lang-javascript";

export default () => javascript({ typescript: true });
