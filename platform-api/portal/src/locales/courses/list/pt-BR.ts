import type { ListCatalog } from "./index.js";

const ptBR: ListCatalog = {
  title: "Cursos",
  intro: "Um curso é onde você ensina: a equipe, as incorporações no site do curso e os estudantes.",
  loading: "Carregando cursos…",
  empty:
    "Você ainda não está em nenhum curso: crie um abaixo ou entre em um com o código que seu professor passou.",
  caption: "Seus cursos",
  "col.course": "Curso",
  "col.role": "Seu papel",
  personal: "Onde ficam as incorporações criadas na página Incorporações",
  "role.owner": "Proprietário",
  "role.instructor": "Instrutor",
  "role.ta": "Monitor",
  "role.learner": "Estudante",
  "create.title": "Criar um curso",
  "create.name": "Nome do curso",
  "create.placeholder": "Introdução a Python, 1º semestre",
  "create.hint": "Você será o proprietário e poderá convidar instrutores e monitores.",
  "create.submit": "Criar curso",
  "join.title": "Entrar em um curso",
  "join.code": "Código de acesso",
  "join.hint":
    "As 10 letras e números que seu professor passou; espaços e hifens não importam. Você entra como estudante.",
  "join.submit": "Entrar no curso",
};
export default ptBR;
