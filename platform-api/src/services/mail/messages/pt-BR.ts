import type { MailMessageKey } from "./en.js";

/** The mail in Brazilian Portuguese, speaking to the reader as "você" like the portal does. */
const messages: Record<MailMessageKey, string> = {
  "common.footer": "Esta mensagem foi enviada pelo Codeground para {email}.",
  "common.ignore": "Se não foi você, pode ignorar esta mensagem.",
  "common.linkFallback": "Se o botão não funcionar, copie este endereço no seu navegador:",

  "verify_email.subject": "Verifique seu endereço de e-mail no Codeground",
  "verify_email.body":
    "Alguém se cadastrou no Codeground com este endereço.\nSiga o link para verificá-lo. Até lá, você pode fazer tudo, exceto criar cursos e incorporações.\nO link funciona uma única vez, por 24 horas.",
  "verify_email.action": "Verificar meu endereço",

  "signup_existing.subject": "Alguém tentou se cadastrar com seu endereço",
  "signup_existing.body":
    "Alguém tentou criar uma conta do Codeground com este endereço, que já tem uma. Nenhuma segunda conta foi criada.\nSe foi você, entre na sua conta. Se esqueceu sua senha, você pode redefini-la.",
  "signup_existing.action": "Redefinir minha senha",

  "email_change.subject": "Confirme seu novo endereço de e-mail no Codeground",
  "email_change.body":
    "Você pediu para usar este endereço na sua conta do Codeground.\nSiga o link para confirmá-lo. Até lá, sua conta mantém o endereço atual.\nO link funciona uma única vez, por 24 horas.",
  "email_change.action": "Usar este endereço",

  "email_changed.subject": "O endereço de e-mail da sua conta do Codeground foi alterado",
  "email_changed.body":
    "O endereço de e-mail da sua conta do Codeground foi alterado para {newEmail}.\nDe agora em diante, os e-mails vão para lá. Se não foi você, redefina sua senha imediatamente e fale com seu administrador.",
  "email_changed.action": "Redefinir minha senha",

  "password_reset.subject": "Redefina sua senha do Codeground",
  "password_reset.body":
    "Alguém pediu para redefinir a senha da conta do Codeground deste endereço.\nSiga o link para escolher uma nova senha. O link funciona uma única vez, por 30 minutos. Se a verificação em duas etapas estiver ativada, você também vai precisar de um código do seu app ou de um código de recuperação.",
  "password_reset.action": "Escolher uma nova senha",

  "password_changed.subject": "Sua senha do Codeground foi alterada",
  "password_changed.body":
    "A senha da sua conta do Codeground foi redefinida. Todas as sessões e todos os tokens de acesso foram encerrados: entre de novo em todos os lugares.\nSe não foi você, redefina sua senha de novo imediatamente e fale com seu administrador.",
  "password_changed.action": "Entrar",

  "course_invitation.subject": "Você foi convidado para ensinar em {course} no Codeground",
  "course_invitation.body":
    "{inviter} convidou você para participar do curso {course} como {role}.\nSiga o link para aceitar. Se você ainda não tem uma conta do Codeground, vai criar uma primeiro. O convite funciona uma única vez, por 7 dias.",
  "course_invitation.action": "Aceitar o convite",
  "role.instructor": "instrutor",
  "role.ta": "monitor",

  "key_expiring.subject": "Sua chave de API {key} expira em {date}",
  "key_expiring.body":
    "A chave {key} de {provider} no seu cofre do Codeground expira em {date}.\nDepois disso, o tutor e os comentários que a usam param de funcionar. Substitua o segredo dela ou escolha outra chave.",
  "key_expiring.action": "Abrir minhas chaves",

  "budget_warning.subject": "{budget}: {percent}% do orçamento do tutor deste mês já foi usado",
  "budget_warning.body":
    "{budget} já usou {percent}% do orçamento do tutor deste mês ({used} de {limit} tokens).\nAo chegar a 100%, o tutor para de responder até o próximo mês ou até que o orçamento seja aumentado.",
  "budget_exhausted.subject": "{budget}: o orçamento do tutor deste mês acabou",
  "budget_exhausted.body":
    "{budget} usou todo o orçamento do tutor deste mês ({used} de {limit} tokens).\nO tutor não vai responder com ele até o próximo mês ou até que o orçamento seja aumentado.",
  "budget.own": "Sua chave {key}",
  "budget.course": "O curso {course}",
  "budget.action": "Revisar o orçamento",

  "mfa_disabled.subject": "A verificação em duas etapas foi desativada",
  "mfa_disabled.body":
    "A verificação em duas etapas da sua conta do Codeground foi desativada em {date}.\nAgora sua conta está protegida apenas pela senha. Se não foi você, redefina sua senha imediatamente e ative de novo a verificação em duas etapas.",
  "mfa_disabled.action": "Abrir as configurações de segurança",

  "token_created.subject": "Um novo token de acesso foi criado: {token}",
  "token_created.body":
    "Um token de acesso chamado {token}, com os escopos {scopes}, foi criado para sua conta do Codeground em {date}.\nSe não foi você, revogue-o nas suas configurações de segurança e troque sua senha.",
  "token_created.action": "Abrir as configurações de segurança",

  "new_sign_in.subject": "Novo login no Codeground a partir de {browser}",
  "new_sign_in.body":
    "Houve um login na sua conta do Codeground em {date}, a partir de um navegador que ela nunca tinha usado.\nNavegador: {browser}\nEndereço IP: {ip}\nSe foi você, não precisa fazer nada. Se não, redefina sua senha e ative a verificação em duas etapas.",
  "new_sign_in.action": "Abrir as configurações de segurança",
  "new_sign_in.browserOn": "{browser} no {system}",
  "new_sign_in.unknownBrowser": "um navegador desconhecido",

  "notifications.footer":
    "Você pode desativar este tipo de mensagem nas configurações de notificação do portal.",

  "account_deleted.subject": "Sua conta do Codeground foi excluída",
  "account_deleted.body":
    "Sua conta do Codeground e os dados guardados nela foram excluídos em {date}, como você pediu.\nRestam apenas entradas pseudonimizadas do log de auditoria. Isso não pode ser desfeito.",
};
export default messages;
