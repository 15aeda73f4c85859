import type { ConnectCatalog } from "./index.js";

const ptBR: ConnectCatalog = {
  title: "Conecte suas chaves",
  "title.origin": "Conectar suas chaves a {origin}?",
  asks: "O gerenciador de chaves do Codeground em {origin} pede para gerenciar por uma hora as chaves de provedores de IA do seu cofre: listá-las, adicionar, renomear, substituir e excluir, e escolher qual delas paga pelo tutor.",
  hint: "Ele nunca vê um segredo salvo (só os quatro últimos caracteres) nem mais nada da sua conta, e o próprio site do curso não vê nada. Você pode encerrar o acesso lá (Desconectar) ou na sua página de Segurança, em tokens de acesso.",
  signed_in: "Você entrou como {name}.",
  allow: "Permitir por uma hora",
  cancel: "Cancelar",
  log_out: "Não é você? Sair",
  granting: "Concedendo acesso…",
  granted: "Acesso concedido. Você pode fechar esta janela e voltar à página do curso.",
  refused: "Você escolheu não conectar sua conta do Codeground.",
  nothing_shared: "Nada foi compartilhado. Você pode fechar esta janela.",
  no_opener:
    "Abra esta página pelo gerenciador de chaves de uma página do curso (o botão “Conectar sua conta do Codeground”); não há nada para conectar aqui.",
  "error.embed_not_found":
    "Nenhuma incorporação tem esta chave publicável; a página que abriu esta janela pode estar desatualizada.",
  "error.keys_not_enabled":
    "Esta incorporação não oferece o gerenciador de chaves; o proprietário pode ativá-lo nas configurações da incorporação.",
  "error.origin_not_allowed":
    "Esta incorporação não é permitida em {origin}; o proprietário pode adicionar a origem nas configurações da incorporação.",
  "error.network_error": "Não foi possível acessar o Codeground. Verifique sua conexão.",
  "error.rate_limited": "Muitas solicitações; aguarde um momento e tente de novo.",
};
export default ptBR;
