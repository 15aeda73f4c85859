import type { AccountCatalog } from "./index.js";

const ptBR: AccountCatalog = {
  continue: "Continuar",
  "back.login": "Voltar para o login",
  email: "E-mail",
  password: "Senha",
  "verify.title": "Verifique seu endereço de e-mail",
  "verify.busy": "Verificando o link…",
  "verify.done": "Seu endereço de e-mail {email} está verificado.",
  "verify.invalid":
    "Este link não é mais válido: já foi usado, expirou ou está incompleto. Entre e peça um novo no aviso no topo do portal.",
  "verify.again": "Enviar um novo link",
  "verify.again.sent": "Enviamos um novo link para {email}.",
  "verify.missing": "Esta página precisa do link do seu e-mail. Abra o link que enviamos.",
  "forgot.title": "Esqueceu a senha?",
  "forgot.intro":
    "Digite o endereço com que você entra. Enviaremos um link para você escolher uma nova senha.",
  "forgot.send": "Enviar o link",
  "forgot.sent":
    "Se existir uma conta para {email}, enviamos um link para ela. Ele funciona uma vez, por 30 minutos. Se não chegar, confira a pasta de spam.",
  "reset.title": "Escolha uma nova senha",
  "reset.new": "Nova senha",
  "reset.repeat": "Repita a nova senha",
  "reset.hint": "Pelo menos 10 caracteres; uma frase-senha é o ideal.",
  "reset.mismatch": "As duas senhas são diferentes. Digite a mesma senha duas vezes.",
  "reset.code": "Código do seu app autenticador, ou um código de recuperação",
  "reset.code.why": "A verificação em duas etapas está ativa nesta conta: digite um código para concluir.",
  "reset.submit": "Trocar a senha",
  "reset.done": "Senha trocada; todas as sessões foram encerradas. Entre com sua nova senha.",
  "reset.invalid":
    "Este link não é mais válido: já foi usado, expirou (os links valem por 30 minutos) ou está incompleto. Peça um novo.",
  "reset.again": "Pedir um novo link",
  "settings.title": "Conta",
  "email.title": "Endereço de e-mail",
  "email.current": "Você entra com {email}.",
  "email.new": "Novo endereço de e-mail",
  "email.password": "Senha atual",
  "email.submit": "Trocar o endereço de e-mail",
  "email.sent":
    "Enviamos um link para {email}. Seu endereço muda quando você abrir o link; até lá, você continua entrando com o antigo.",
  "mail.title": "Notificações por e-mail",
  "mail.hint": "E-mails sobre a segurança da sua conta que você pode desligar. Cada mudança é salva na hora.",
  "mail.keyExpiring": "Uma chave do meu cofre expira em menos de 7 dias",
  "mail.tutorBudget": "Um orçamento do tutor chega a 80 % ou 100 % do mês",
  "mail.mfaDisabled": "A verificação em duas etapas foi desligada",
  "mail.tokenCreated": "Um novo token de acesso foi criado",
  "mail.newSignIn": "Alguém entrou a partir de um navegador que esta conta nunca usou",
  "mail.loading": "Carregando suas notificações…",
  "mail.saved.on": "Salvo: avisaremos por e-mail quando isso acontecer ({what}).",
  "mail.saved.off": "Salvo: nada mais de e-mail sobre isso ({what}).",
  "data.title": "Seus dados",
  "data.hint":
    "Um arquivo JSON com tudo o que é guardado sobre a sua conta: perfil, envios com o código, conversas com o tutor, registros de chaves sem os segredos, entradas de auditoria e cursos.",
  "data.download": "Baixar meus dados",
  "data.busy": "Preparando seu arquivo…",
  "data.done": "Seus dados foram salvos como {file}.",
  "delete.title": "Excluir minha conta",
  "delete.hint": "Excluir sua conta não pode ser desfeito.",
  "delete.start": "Excluir minha conta…",
  "delete.what":
    "Isso exclui seus envios, conversas com o tutor, chaves e seus segredos, tokens de acesso e sessões, e os cursos que são só seus, sem outra equipe. As entradas de auditoria são mantidas, sem seu nome nem seu endereço.",
  "delete.code": "Código do seu app autenticador, ou um código de recuperação",
  "delete.yes": "Excluir minha conta de vez",
  "delete.no": "Manter minha conta",
  "delete.done": "Sua conta foi excluída.",
  "delete.owns":
    "Você é dono de {courses}, onde outras pessoas ensinam. Primeiro torne uma delas dona na página do curso e depois exclua sua conta.",
};

export default ptBR;
