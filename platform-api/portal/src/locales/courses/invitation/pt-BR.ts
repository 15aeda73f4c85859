import type { InvitationCatalog } from "./index.js";

const ptBR: InvitationCatalog = {
  title: "Convite para um curso",
  "title.join": "Entrar em {course} como {role}",
  loading: "Carregando o convite…",
  "role.instructor": "Instrutor",
  "role.ta": "Monitor",
  "offer.instructor": "Você foi convidado a ajudar a ensinar em {course} como instrutor.",
  "offer.ta": "Você foi convidado a ajudar a ensinar em {course} como monitor.",
  "offer.instructor.does": "Instrutores gerenciam as incorporações do curso e convidam monitores.",
  "offer.ta.does": "Monitores veem o curso, os membros e as incorporações, e não alteram nada.",
  sent: "Enviado para {email}; o link funciona uma vez, até {until}.",
  accept: "Aceitar e entrar como {role}",
  logout: "Sair",
  "refused.used":
    "Este link de convite já foi usado. Se não foi você, peça um novo link a quem convidou você.",
  "refused.expired":
    "Este link de convite expirou: os links valem por 7 dias. Peça um novo a quem convidou você.",
  "refused.not_found":
    "Este link de convite não é válido. Confira se você tem o link completo ou peça um novo a quem convidou você.",
  "refused.already_owner": "Você já é o proprietário deste curso, então não há nada para aceitar.",
  "refused.elsewhere":
    "Este convite foi enviado para {sentTo}, mas você entrou como {email}. Saia e depois entre ou cadastre-se com o endereço para o qual ele foi enviado e abra o link de novo.",
  "refused.elsewhere.address": "outro endereço",
  "refused.elsewhere.someone": "outra pessoa",
};
export default ptBR;
