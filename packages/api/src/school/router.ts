import { schoolInputs as I } from "@dangjian/services";
import { authedProcedure, publicProcedure, router, withPermission } from "../trpc.ts";

export const schoolRouter = router({
  catalogue: withPermission("school.view")
    .input(I.catalogueInput.default({}))
    .query(({ ctx, input }) => ctx.services.school.catalogue(ctx.actor, input)),
  course: withPermission("school.view")
    .input(I.courseInput)
    .query(({ ctx, input }) => ctx.services.school.course(ctx.actor, input.courseId)),
  lesson: withPermission("school.view")
    .input(I.lessonInput)
    .query(({ ctx, input }) => ctx.services.school.lesson(ctx.actor, input.lessonId)),

  // the member's own study hours and certificates (members only; others get a clear refusal)
  myHours: authedProcedure
    .input(I.myHoursInput.default({}))
    .query(({ ctx, input }) => ctx.services.school.myHours(ctx.actor, input)),
  myCertificates: authedProcedure.query(({ ctx }) => ctx.services.school.exams.mine(ctx.actor)),

  // organisations: compliance counts, required courses, offline training
  compliance: withPermission("member.list")
    .input(I.complianceInput.default({}))
    .query(({ ctx, input }) => ctx.services.school.compliance(ctx.actor, input)),
  assignCourse: withPermission("task.send")
    .input(I.assignInput)
    .mutation(({ ctx, input }) => ctx.services.school.assignCourse(ctx.actor, input)),
  // branch officers (meeting.manage) and the school (school.manage): the service checks either on the org
  recordOfflineTraining: authedProcedure
    .input(I.offlineInput)
    .mutation(({ ctx, input }) => ctx.services.school.recordOfflineTraining(ctx.actor, input)),
  decideOfflineTraining: authedProcedure
    .input(I.offlineDecisionInput)
    .mutation(({ ctx, input }) => ctx.services.school.decideOfflineTraining(ctx.actor, input)),

  // pickers and lists for the offline-training and required-course pages (the service checks scope)
  organise: router({
    offlineScope: authedProcedure.query(({ ctx }) => ctx.services.school.organise.offlineScope(ctx.actor)),
    assignScope: authedProcedure.query(({ ctx }) => ctx.services.school.organise.assignScope(ctx.actor)),
    searchMembers: authedProcedure
      .input(I.memberSearchInput)
      .query(({ ctx, input }) => ctx.services.school.organise.searchMembers(ctx.actor, input)),
    signEvidence: authedProcedure
      .input(I.evidenceUploadInput)
      .mutation(({ ctx, input }) => ctx.services.school.organise.signEvidence(ctx.actor, input)),
    trainings: authedProcedure.query(({ ctx }) => ctx.services.school.organise.trainings(ctx.actor)),
    assignments: authedProcedure.query(({ ctx }) => ctx.services.school.organise.assignments(ctx.actor)),
    assignableOrgs: authedProcedure.query(({ ctx }) => ctx.services.school.organise.assignableOrgs(ctx.actor)),
  }),

  admin: router({
    courses: withPermission("school.manage").query(({ ctx }) => ctx.services.school.admin.courses(ctx.actor)),
    createCourse: withPermission("school.manage")
      .input(I.createCourseInput)
      .mutation(({ ctx, input }) => ctx.services.school.admin.createCourse(ctx.actor, input)),
    addLesson: withPermission("school.manage")
      .input(I.addLessonInput)
      .mutation(({ ctx, input }) => ctx.services.school.admin.addLesson(ctx.actor, input)),
    startUpload: withPermission("school.manage")
      .input(I.startUploadInput)
      .mutation(({ ctx, input }) => ctx.services.school.admin.startUpload(ctx.actor, input)),
    signParts: withPermission("school.manage")
      .input(I.signPartsInput)
      .mutation(({ ctx, input }) => ctx.services.school.admin.signParts(ctx.actor, input)),
    completeUpload: withPermission("school.manage")
      .input(I.completeUploadInput)
      .mutation(({ ctx, input }) => ctx.services.school.admin.completeUpload(ctx.actor, input)),
    abortUpload: withPermission("school.manage")
      .input(I.assetInput)
      .mutation(({ ctx, input }) => ctx.services.school.admin.abortUpload(ctx.actor, input)),
    assetStatus: withPermission("school.manage")
      .input(I.assetInput)
      .query(({ ctx, input }) => ctx.services.school.admin.assetStatus(ctx.actor, input)),
    uploadCaptions: withPermission("school.manage")
      .input(I.captionInput)
      .mutation(({ ctx, input }) => ctx.services.school.admin.uploadCaptions(ctx.actor, input)),
    addQuestion: withPermission("school.manage")
      .input(I.addQuestionInput)
      .mutation(({ ctx, input }) => ctx.services.school.admin.addQuestion(ctx.actor, input)),
    createExam: withPermission("school.manage")
      .input(I.createExamInput)
      .mutation(({ ctx, input }) => ctx.services.school.admin.createExam(ctx.actor, input)),
  }),

  exam: withPermission("school.view")
    .input(I.examInput)
    .query(({ ctx, input }) => ctx.services.school.exams.view(ctx.actor, input.examId)),
  startExam: authedProcedure
    .input(I.examInput)
    .mutation(({ ctx, input }) => ctx.services.school.exams.start(ctx.actor, input.examId)),
  attempt: authedProcedure
    .input(I.attemptInput)
    .query(({ ctx, input }) => ctx.services.school.exams.attempt(ctx.actor, input.attemptId)),
  submitAttempt: authedProcedure
    .input(I.submitInput)
    .mutation(({ ctx, input }) => ctx.services.school.exams.submit(ctx.actor, input)),
  /** public: anyone may check a certificate's code */
  verifyCertificate: publicProcedure
    .input(I.verifyCertificateInput)
    .query(({ ctx, input }) => ctx.services.school.exams.verify(input.code)),
});
