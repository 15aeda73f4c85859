import type { ListCatalog } from "./index.js";

const es: ListCatalog = {
  title: "Cursos",
  intro:
    "Un curso es donde enseñas: su equipo docente, sus inserciones en el sitio de tu curso y sus estudiantes.",
  loading: "Cargando cursos…",
  empty:
    "Todavía no estás en ningún curso: crea uno abajo o únete a uno con el código que te dio tu profesor.",
  caption: "Tus cursos",
  "col.course": "Curso",
  "col.role": "Tu rol",
  personal: "Aquí van las inserciones creadas en la página Inserciones",
  "role.owner": "Propietario",
  "role.instructor": "Instructor",
  "role.ta": "Ayudante",
  "role.learner": "Estudiante",
  "create.title": "Crear un curso",
  "create.name": "Nombre del curso",
  "create.placeholder": "Introducción a Python, semestre de primavera",
  "create.hint": "Serás su propietario y podrás invitar a instructores y ayudantes.",
  "create.submit": "Crear curso",
  "join.title": "Unirse a un curso",
  "join.code": "Código de acceso",
  "join.hint":
    "Las 10 letras y cifras que te dio tu profesor; los espacios y guiones no importan. Te unes como estudiante.",
  "join.submit": "Unirse al curso",
};
export default es;
