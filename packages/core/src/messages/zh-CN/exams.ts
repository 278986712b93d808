// UI text for school: study hours, exams and certificates. Keys are "exams.name".
export const exams = {
} as const;
