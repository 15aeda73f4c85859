import type { ConnectCatalog } from "./index.js";

const ptBR: ConnectCatalog = {
  title: "Registrar o Codeground no seu LMS",
  nothing:
    "Abra esta janela pelo registro de ferramentas do seu LMS (o registro dinâmico do Codeground); não há nada para registrar aqui.",
  ask: "Registrar o Codeground em {platform}?",
  explain:
    "A plataforma de aprendizagem em {platform} pede para adicionar o Codeground como ferramenta LTI 1.3. O registro será seu: cursos lançados a partir dessa plataforma viram cursos do Codeground dos quais você é proprietário, e você pode remover o registro na sua página LTI.",
  who: "Conectado como {name}.",
  register: "Registrar",
  cancel: "Cancelar",
  logout: "Não é você? Sair",
  registering: "Registrando…",
  done: "O Codeground está registrado em {issuer}. Você pode fechar esta janela; o LMS conclui a configuração.",
  cancelled: "Nada foi registrado. Você pode fechar esta janela.",
};
export default ptBR;
