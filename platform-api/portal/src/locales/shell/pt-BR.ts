import type { ShellCatalog } from "./index.js";

const ptBr: ShellCatalog = {
  "nav.label": "Portal",
  "nav.problems": "Problemas",
  "nav.courses": "Cursos",
  "nav.keys": "Chaves",
  "nav.security": "Segurança",
  "nav.embeds": "Incorporações",
  "nav.lti": "LTI",
  "nav.audit": "Log de auditoria",
  "nav.author": "Autoria",
  "nav.admin": "Usuários",
  language: "Idioma",
  loading: "Carregando…",
  logout: "Sair",
  "error.chunk": "Não foi possível carregar esta página. Verifique sua conexão e recarregue a página.",
  "error.network": "Não foi possível acessar o Codeground. Verifique sua conexão.",
  "error.http": "A solicitação falhou (HTTP {status}).",
  "intro.connect":
    "Entre no Codeground para conectar suas chaves de provedores de IA à página do curso que trouxe você até aqui.",
  "intro.lti":
    "Entre no Codeground, ou crie uma conta, para registrar o Codeground na plataforma de aprendizagem (LMS) que trouxe você até aqui.",
  "intro.invitation":
    "Você foi convidado para ajudar a ministrar um curso no Codeground. Entre, ou crie uma conta, com o endereço de e-mail para o qual o convite foi enviado; depois você poderá aceitá-lo.",
  "intro.invitation.signup":
    "Novo por aqui? Cadastre-se, abra o link que enviamos por e-mail para verificar seu endereço e depois entre nesta página para aceitar o convite.",
  "sandbox.down":
    "No momento não é possível executar código: o sandbox está inacessível. Você ainda pode ver os problemas e gerenciar suas chaves; execuções e envios voltarão a funcionar assim que ele voltar.",
  "auth.login": "Entrar",
  "auth.signup.title": "Crie sua conta",
  "auth.mfa.title": "Verificação em duas etapas",
  "auth.code": "Código do seu app autenticador ou um código de recuperação",
  "auth.name": "Nome (opcional)",
  "auth.email": "E-mail",
  "auth.password": "Senha",
  "auth.password.hint": "Pelo menos 10 caracteres; uma frase secreta é o ideal.",
  "auth.signup": "Cadastrar-se",
  "auth.verify": "Verificar",
  "auth.need_account": "Preciso de uma conta",
  "auth.back": "Voltar para o login",
  "auth.forgot": "Esqueceu a senha?",
  "auth.check_inbox":
    "Confira sua caixa de entrada: enviamos um link para {email}. Abra-o para verificar seu endereço e depois entre.",
  "verify.banner":
    "Verifique seu endereço de e-mail: abra o link que enviamos para {email}. Até lá, você não pode criar cursos nem incorporações.",
  "verify.send_again": "Enviar de novo",
  "verify.sent": "Enviamos um novo link para {email}.",
  "verify.wait": "Um link foi enviado há pouco. Aguarde alguns minutos antes de pedir outro.",
  "error.email_unverified":
    "Verifique primeiro seu endereço de e-mail: abra o link que enviamos ou peça um novo no aviso no topo da página.",
  "copy.done": "Copiado: {what}.",
  "copy.manual": "Não foi possível copiar ({what}): selecione o texto e copie manualmente.",
};
export default ptBr;
