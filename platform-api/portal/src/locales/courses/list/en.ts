import type { Catalog } from "@codeground/widget/i18n";

export default {
  title: "Courses",
  intro: "A course is where you teach: its staff, its embeds on your course site, and its learners.",
  loading: "Loading courses…",
  empty: "You are not in any course yet: create one below, or join one with the code your teacher gave you.",
  caption: "Your courses",
  "col.course": "Course",
  "col.role": "Your role",
  personal: "Where embeds made on the Embeds page go",
  "role.owner": "Owner",
  "role.instructor": "Instructor",
  "role.ta": "TA",
  "role.learner": "Learner",
  "create.title": "Create a course",
  "create.name": "Course name",
  "create.placeholder": "Intro to Python, spring term",
  "create.hint": "You will own it, and can invite instructors and TAs.",
  "create.submit": "Create course",
  "join.title": "Join a course",
  "join.code": "Join code",
  "join.hint":
    "The 10 letters and digits your teacher gave you; spaces and dashes do not matter. You join as a learner.",
  "join.submit": "Join course",
} as const satisfies Catalog;
