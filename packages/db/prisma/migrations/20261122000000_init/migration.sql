-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "OrgKind" AS ENUM ('COMMITTEE', 'GENERAL_BRANCH', 'BRANCH', 'JOINT_BRANCH', 'PARTY_GROUP');

-- CreateEnum
CREATE TYPE "OrgLevel" AS ENUM ('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'UNIT', 'BRANCH', 'GROUP');

-- CreateEnum
CREATE TYPE "OrgSector" AS ENUM ('AGENCY', 'VILLAGE', 'COMMUNITY', 'ENTERPRISE', 'SCHOOL', 'HOSPITAL', 'TWO_NEW', 'OTHER');

-- CreateEnum
CREATE TYPE "OrgSetup" AS ENUM ('NORMAL', 'FEATURED', 'MOBILE_MEMBERS', 'YOUTH', 'TEMPORARY');

-- CreateEnum
CREATE TYPE "LinkType" AS ENUM ('VILLAGE_VILLAGE', 'VILLAGE_ENTERPRISE', 'VILLAGE_COMMUNITY', 'VILLAGE_AGENCY', 'ENTERPRISE_ENTERPRISE', 'COMMUNITY_COBUILD', 'SECTOR_HUB', 'PAIRING', 'CROSS_REGION');

-- CreateEnum
CREATE TYPE "LinkStatus" AS ENUM ('PROPOSED', 'ACTIVE', 'ENDED', 'REJECTED');

-- CreateEnum
CREATE TYPE "MemberStatus" AS ENUM ('FULL', 'PROBATIONARY');

-- CreateEnum
CREATE TYPE "MemberCategory" AS ENUM ('ON_DUTY', 'RETIRED', 'MOBILE', 'STUDENT', 'FARMER', 'UNEMPLOYED');

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "CommitteePost" AS ENUM ('SECRETARY', 'DEPUTY_SECRETARY', 'ORGANISATION', 'PROPAGANDA', 'DISCIPLINE', 'COMMITTEE_MEMBER', 'GROUP_LEADER');

-- CreateEnum
CREATE TYPE "TransferStatus" AS ENUM ('REQUESTED', 'SENDER_APPROVED', 'COMPLETED', 'REJECTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('MEMBER', 'BRANCH_COMMITTEE', 'BRANCH_SECRETARY', 'COMMITTEE_STAFF', 'COMMITTEE_ADMIN', 'SCHOOL_ADMIN', 'INSTRUCTOR');

-- CreateEnum
CREATE TYPE "MeetingType" AS ENUM ('BRANCH_ASSEMBLY', 'COMMITTEE_MEETING', 'GROUP_MEETING', 'PARTY_LECTURE', 'THEME_DAY', 'LIFE_MEETING', 'APPRAISAL', 'TALK', 'JOINT_ACTIVITY', 'VOLUNTEER');

-- CreateEnum
CREATE TYPE "CadencePeriod" AS ENUM ('MONTH', 'QUARTER', 'HALF_YEAR', 'YEAR');

-- CreateEnum
CREATE TYPE "MeetingStatus" AS ENUM ('PLANNED', 'HELD', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AttendanceStatus" AS ENUM ('PRESENT', 'LEAVE', 'ABSENT');

-- CreateEnum
CREATE TYPE "CaptureMethod" AS ENUM ('SELF_QR', 'CARD_SCAN', 'PROXY', 'IMPORT');

-- CreateEnum
CREATE TYPE "AttachmentOwner" AS ENUM ('MEETING', 'TASK', 'TASK_RECEIPT', 'ORG_LINK', 'MEMBER', 'OFFLINE_TRAINING', 'COURSE');

-- CreateEnum
CREATE TYPE "DuesCategory" AS ENUM ('SALARIED', 'RETIRED', 'FARMER', 'STUDENT', 'UNEMPLOYED', 'MINIMUM_ALLOWANCE');

-- CreateEnum
CREATE TYPE "PaymentMethod" AS ENUM ('ON_SITE', 'TRANSFER', 'ONLINE');

-- CreateEnum
CREATE TYPE "TaskKind" AS ENUM ('NOTICE', 'TASK');

-- CreateEnum
CREATE TYPE "LessonKind" AS ENUM ('VIDEO', 'READING');

-- CreateEnum
CREATE TYPE "VideoStatus" AS ENUM ('UPLOADING', 'UPLOADED', 'PROBING', 'TRANSCODING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "CreditSource" AS ENUM ('LESSON', 'OFFLINE', 'EXAM');

-- CreateEnum
CREATE TYPE "TrainingKind" AS ENUM ('FULL_DAY', 'HALF_DAY', 'BRANCH_STUDY');

-- CreateEnum
CREATE TYPE "QuestionKind" AS ENUM ('SINGLE', 'MULTIPLE', 'TRUE_FALSE');

-- CreateEnum
CREATE TYPE "CardStatus" AS ENUM ('ACTIVE', 'SUSPENDED', 'REVOKED');

-- CreateEnum
CREATE TYPE "WarningState" AS ENUM ('PENDING', 'FIRING', 'RECOVERING', 'RESOLVED', 'NO_DATA');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('INFO', 'WARNING', 'CRITICAL');

-- CreateEnum
CREATE TYPE "SubjectType" AS ENUM ('ORG', 'MEMBER', 'LINK');

-- CreateTable
CREATE TABLE "Org" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT,
    "kind" "OrgKind" NOT NULL,
    "level" "OrgLevel" NOT NULL,
    "sector" "OrgSector" NOT NULL DEFAULT 'OTHER',
    "setup" "OrgSetup" NOT NULL DEFAULT 'NORMAL',
    "regionCode" TEXT,
    "parentId" UUID,
    "ancestorIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "path" TEXT NOT NULL,
    "depth" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "foundedOn" DATE,
    "committeeTermYears" INTEGER,
    "committeeElectedOn" DATE,
    "address" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Org_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgLink" (
    "id" UUID NOT NULL,
    "orgAId" UUID NOT NULL,
    "orgBId" UUID NOT NULL,
    "type" "LinkType" NOT NULL,
    "status" "LinkStatus" NOT NULL DEFAULT 'PROPOSED',
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "agreement" TEXT,
    "proposedByOrgId" UUID,
    "proposedById" UUID,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "strength" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "strengthAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrgLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" UUID NOT NULL,
    "memberNo" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "gender" "Gender" NOT NULL,
    "birthDate" DATE,
    "ethnicity" TEXT,
    "idNumber" TEXT,
    "phone" TEXT,
    "education" TEXT,
    "workUnit" TEXT,
    "status" "MemberStatus" NOT NULL,
    "category" "MemberCategory" NOT NULL,
    "joinedOn" DATE NOT NULL,
    "fullMemberOn" DATE,
    "branchId" UUID NOT NULL,
    "partyGroupId" UUID,
    "lostContact" BOOLEAN NOT NULL DEFAULT false,
    "lostContactSince" DATE,
    "photoKey" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "leftOn" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommitteeRole" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "post" "CommitteePost" NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,

    CONSTRAINT "CommitteeRole_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberTransfer" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "fromOrgId" UUID NOT NULL,
    "toOrgId" UUID NOT NULL,
    "status" "TransferStatus" NOT NULL DEFAULT 'REQUESTED',
    "reason" TEXT,
    "requestedById" UUID NOT NULL,
    "senderApprovedById" UUID,
    "senderApprovedAt" TIMESTAMP(3),
    "receiverApprovedById" UUID,
    "receiverApprovedAt" TIMESTAMP(3),
    "rejectionReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MemberTransfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "memberId" UUID,
    "displayName" TEXT NOT NULL,
    "phone" TEXT,
    "passwordHash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "userAgent" TEXT,
    "ip" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" BIGSERIAL NOT NULL,
    "identifier" TEXT NOT NULL,
    "ip" TEXT,
    "succeeded" BOOLEAN NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleGrant" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "orgId" UUID NOT NULL,
    "grantedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CadenceRule" (
    "id" UUID NOT NULL,
    "orgId" UUID,
    "meetingType" "MeetingType" NOT NULL,
    "period" "CadencePeriod" NOT NULL,
    "minCount" INTEGER NOT NULL DEFAULT 1,
    "fixedDay" INTEGER,
    "quorumRatio" DOUBLE PRECISION,
    "perMember" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CadenceRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ThemeDayAction" (
    "id" UUID NOT NULL,
    "orgId" UUID,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ThemeDayAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "type" "MeetingType" NOT NULL,
    "status" "MeetingStatus" NOT NULL DEFAULT 'PLANNED',
    "topic" TEXT NOT NULL,
    "agenda" TEXT,
    "place" TEXT,
    "hostMemberId" UUID,
    "plannedStart" TIMESTAMP(3) NOT NULL,
    "plannedEnd" TIMESTAMP(3) NOT NULL,
    "heldStart" TIMESTAMP(3),
    "heldEnd" TIMESTAMP(3),
    "minutes" TEXT,
    "outcomes" JSONB NOT NULL DEFAULT '{}',
    "checkInSecret" TEXT,
    "lockedAt" TIMESTAMP(3),
    "idempotencyKey" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingOrg" (
    "meetingId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "isHost" BOOLEAN NOT NULL DEFAULT false,
    "confirmedAt" TIMESTAMP(3),
    "confirmedById" UUID,

    CONSTRAINT "MeetingOrg_pkey" PRIMARY KEY ("meetingId","orgId")
);

-- CreateTable
CREATE TABLE "MeetingAction" (
    "id" UUID NOT NULL,
    "meetingId" UUID NOT NULL,
    "code" TEXT,
    "title" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MeetingAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingAmendment" (
    "id" UUID NOT NULL,
    "meetingId" UUID NOT NULL,
    "field" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "byAccountId" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingAmendment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attendance" (
    "id" UUID NOT NULL,
    "meetingId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "expected" BOOLEAN NOT NULL DEFAULT true,
    "probationary" BOOLEAN NOT NULL DEFAULT false,
    "status" "AttendanceStatus" NOT NULL,
    "leaveReason" TEXT,
    "capturedBy" "CaptureMethod",
    "capturedById" UUID,
    "checkedInAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" UUID NOT NULL,
    "ownerType" "AttachmentOwner" NOT NULL,
    "ownerId" UUID NOT NULL,
    "storageKey" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "uploadedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DuesDeclaration" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "category" "DuesCategory" NOT NULL,
    "monthlyIncomeFen" INTEGER,
    "monthlyDuesFen" INTEGER NOT NULL,
    "declaredById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DuesDeclaration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DuesPayment" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "paidAt" TIMESTAMP(3) NOT NULL,
    "method" "PaymentMethod" NOT NULL,
    "reference" TEXT,
    "meetingId" UUID,
    "receiptNo" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "recordedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DuesPayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DuesMonth" (
    "memberId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "paymentId" UUID NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "orgId" UUID NOT NULL,

    CONSTRAINT "DuesMonth_pkey" PRIMARY KEY ("memberId","month")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" UUID NOT NULL,
    "senderOrgId" UUID NOT NULL,
    "kind" "TaskKind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "deadline" TIMESTAMP(3),
    "warningId" UUID,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskTarget" (
    "taskId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "readAt" TIMESTAMP(3),
    "readById" UUID,
    "doneAt" TIMESTAMP(3),
    "doneById" UUID,
    "reply" TEXT,

    CONSTRAINT "TaskTarget_pkey" PRIMARY KEY ("taskId","orgId")
);

-- CreateTable
CREATE TABLE "Course" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "category" TEXT NOT NULL,
    "coverKey" TEXT,
    "creditHours" DOUBLE PRECISION,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Course_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lesson" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "LessonKind" NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "body" TEXT,
    "durationSec" INTEGER,
    "videoAssetId" UUID,

    CONSTRAINT "Lesson_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CourseAssignment" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "onlyRole" "Role",
    "dueOn" DATE NOT NULL,
    "assignedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CourseAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VideoAsset" (
    "id" UUID NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "uploadId" TEXT,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "status" "VideoStatus" NOT NULL DEFAULT 'UPLOADING',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "failureReason" TEXT,
    "durationSec" DOUBLE PRECISION,
    "width" INTEGER,
    "height" INTEGER,
    "fps" DOUBLE PRECISION,
    "outputPrefix" TEXT,
    "posterKey" TEXT,
    "captionKey" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VideoAsset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rendition" (
    "id" UUID NOT NULL,
    "assetId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "height" INTEGER,
    "bitrateKbps" INTEGER NOT NULL,
    "playlistKey" TEXT NOT NULL,

    CONSTRAINT "Rendition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LessonProgress" (
    "memberId" UUID NOT NULL,
    "lessonId" UUID NOT NULL,
    "intervals" JSONB NOT NULL DEFAULT '[]',
    "coveredSec" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "positionSec" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "completedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LessonProgress_pkey" PRIMARY KEY ("memberId","lessonId")
);

-- CreateTable
CREATE TABLE "WatchSession" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "lessonId" UUID NOT NULL,
    "lastSeq" INTEGER NOT NULL DEFAULT -1,
    "lastPositionSec" DOUBLE PRECISION,
    "lastAcceptedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WatchSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudyCredit" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "creditedOn" DATE NOT NULL,
    "seconds" INTEGER NOT NULL,
    "source" "CreditSource" NOT NULL,
    "lessonId" UUID,
    "offlineTrainingId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudyCredit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfflineTraining" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "TrainingKind" NOT NULL,
    "heldOn" DATE NOT NULL,
    "hours" DOUBLE PRECISION NOT NULL,
    "evidence" TEXT NOT NULL,
    "recordedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfflineTraining_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Question" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "kind" "QuestionKind" NOT NULL,
    "stem" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "answer" INTEGER[],
    "explanation" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Exam" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "questionCount" INTEGER NOT NULL,
    "timeLimitSec" INTEGER NOT NULL,
    "passPercent" INTEGER NOT NULL,
    "maxAttempts" INTEGER NOT NULL,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Exam_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamAttempt" (
    "id" UUID NOT NULL,
    "examId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "questionIds" UUID[],
    "answers" JSONB,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadlineAt" TIMESTAMP(3) NOT NULL,
    "submittedAt" TIMESTAMP(3),
    "scorePercent" INTEGER,
    "passed" BOOLEAN,

    CONSTRAINT "ExamAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "attemptId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "verificationCode" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Card" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "serial" TEXT NOT NULL,
    "status" "CardStatus" NOT NULL DEFAULT 'ACTIVE',
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "devicePublicKey" TEXT,

    CONSTRAINT "Card_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CardKey" (
    "kid" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "privateKeyEnc" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "CardKey_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "Warning" (
    "id" UUID NOT NULL,
    "ruleId" TEXT NOT NULL,
    "subjectType" "SubjectType" NOT NULL,
    "subjectId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "state" "WarningState" NOT NULL,
    "severity" "Severity" NOT NULL,
    "messageKey" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "actionKey" TEXT,
    "value" DOUBLE PRECISION,
    "pendingPeriods" INTEGER NOT NULL DEFAULT 0,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firingSince" TIMESTAMP(3),
    "lastEvaluatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedById" UUID,
    "acknowledgedAt" TIMESTAMP(3),
    "ackNote" TEXT,
    "silencedUntil" TIMESTAMP(3),
    "silenceReason" TEXT,
    "flapping" BOOLEAN NOT NULL DEFAULT false,
    "flipHistory" INTEGER[] DEFAULT ARRAY[]::INTEGER[],

    CONSTRAINT "Warning_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WarningTransition" (
    "id" BIGSERIAL NOT NULL,
    "warningId" UUID NOT NULL,
    "fromState" "WarningState",
    "toState" "WarningState" NOT NULL,
    "action" TEXT,
    "byAccountId" UUID,
    "reason" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WarningTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WarningRuleSetting" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "ruleId" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "updatedById" UUID,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WarningRuleSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgMonthFact" (
    "orgId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "memberCount" INTEGER NOT NULL DEFAULT 0,
    "probationaryCount" INTEGER NOT NULL DEFAULT 0,
    "branchAssemblyHeld" INTEGER NOT NULL DEFAULT 0,
    "committeeMeetingHeld" INTEGER NOT NULL DEFAULT 0,
    "groupMeetingHeld" INTEGER NOT NULL DEFAULT 0,
    "partyLectureHeld" INTEGER NOT NULL DEFAULT 0,
    "themeDayHeld" INTEGER NOT NULL DEFAULT 0,
    "otherMeetingsHeld" INTEGER NOT NULL DEFAULT 0,
    "attendanceExpected" INTEGER NOT NULL DEFAULT 0,
    "attendancePresent" INTEGER NOT NULL DEFAULT 0,
    "attendanceLeave" INTEGER NOT NULL DEFAULT 0,
    "duesDueFen" INTEGER NOT NULL DEFAULT 0,
    "duesPaidFen" INTEGER NOT NULL DEFAULT 0,
    "membersDue" INTEGER NOT NULL DEFAULT 0,
    "membersPaid" INTEGER NOT NULL DEFAULT 0,
    "studySeconds" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrgMonthFact_pkey" PRIMARY KEY ("orgId","month")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "accountId" UUID,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT,
    "orgId" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',
    "ip" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Org_parentId_idx" ON "Org"("parentId");

-- CreateIndex
CREATE INDEX "Org_ancestorIds_idx" ON "Org" USING GIN ("ancestorIds");

-- CreateIndex
CREATE INDEX "Org_path_idx" ON "Org"("path");

-- CreateIndex
CREATE INDEX "Org_kind_level_idx" ON "Org"("kind", "level");

-- CreateIndex
CREATE INDEX "OrgLink_orgBId_idx" ON "OrgLink"("orgBId");

-- CreateIndex
CREATE UNIQUE INDEX "OrgLink_orgAId_orgBId_key" ON "OrgLink"("orgAId", "orgBId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_memberNo_key" ON "Member"("memberNo");

-- CreateIndex
CREATE UNIQUE INDEX "Member_idNumber_key" ON "Member"("idNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Member_phone_key" ON "Member"("phone");

-- CreateIndex
CREATE INDEX "Member_branchId_idx" ON "Member"("branchId");

-- CreateIndex
CREATE INDEX "Member_partyGroupId_idx" ON "Member"("partyGroupId");

-- CreateIndex
CREATE INDEX "CommitteeRole_orgId_idx" ON "CommitteeRole"("orgId");

-- CreateIndex
CREATE INDEX "CommitteeRole_memberId_idx" ON "CommitteeRole"("memberId");

-- CreateIndex
CREATE INDEX "MemberTransfer_memberId_idx" ON "MemberTransfer"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_memberId_key" ON "Account"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_phone_key" ON "Account"("phone");

-- CreateIndex
CREATE INDEX "Session_accountId_idx" ON "Session"("accountId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "LoginAttempt_identifier_at_idx" ON "LoginAttempt"("identifier", "at");

-- CreateIndex
CREATE INDEX "RoleGrant_orgId_idx" ON "RoleGrant"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleGrant_accountId_role_orgId_key" ON "RoleGrant"("accountId", "role", "orgId");

-- CreateIndex
CREATE UNIQUE INDEX "CadenceRule_orgId_meetingType_key" ON "CadenceRule"("orgId", "meetingType");

-- CreateIndex
CREATE UNIQUE INDEX "ThemeDayAction_orgId_code_key" ON "ThemeDayAction"("orgId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_idempotencyKey_key" ON "Meeting"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Meeting_orgId_plannedStart_idx" ON "Meeting"("orgId", "plannedStart");

-- CreateIndex
CREATE INDEX "Meeting_type_status_idx" ON "Meeting"("type", "status");

-- CreateIndex
CREATE INDEX "MeetingOrg_orgId_idx" ON "MeetingOrg"("orgId");

-- CreateIndex
CREATE INDEX "MeetingAction_meetingId_idx" ON "MeetingAction"("meetingId");

-- CreateIndex
CREATE INDEX "MeetingAmendment_meetingId_idx" ON "MeetingAmendment"("meetingId");

-- CreateIndex
CREATE INDEX "Attendance_memberId_idx" ON "Attendance"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Attendance_meetingId_memberId_key" ON "Attendance"("meetingId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_storageKey_key" ON "Attachment"("storageKey");

-- CreateIndex
CREATE INDEX "Attachment_ownerType_ownerId_idx" ON "Attachment"("ownerType", "ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "DuesDeclaration_memberId_effectiveFrom_key" ON "DuesDeclaration"("memberId", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "DuesPayment_receiptNo_key" ON "DuesPayment"("receiptNo");

-- CreateIndex
CREATE UNIQUE INDEX "DuesPayment_idempotencyKey_key" ON "DuesPayment"("idempotencyKey");

-- CreateIndex
CREATE INDEX "DuesPayment_orgId_paidAt_idx" ON "DuesPayment"("orgId", "paidAt");

-- CreateIndex
CREATE INDEX "DuesMonth_orgId_month_idx" ON "DuesMonth"("orgId", "month");

-- CreateIndex
CREATE INDEX "Task_senderOrgId_createdAt_idx" ON "Task"("senderOrgId", "createdAt");

-- CreateIndex
CREATE INDEX "TaskTarget_orgId_idx" ON "TaskTarget"("orgId");

-- CreateIndex
CREATE INDEX "Course_category_idx" ON "Course"("category");

-- CreateIndex
CREATE UNIQUE INDEX "Lesson_videoAssetId_key" ON "Lesson"("videoAssetId");

-- CreateIndex
CREATE INDEX "Lesson_courseId_idx" ON "Lesson"("courseId");

-- CreateIndex
CREATE INDEX "CourseAssignment_orgId_idx" ON "CourseAssignment"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "VideoAsset_sourceKey_key" ON "VideoAsset"("sourceKey");

-- CreateIndex
CREATE UNIQUE INDEX "Rendition_assetId_name_key" ON "Rendition"("assetId", "name");

-- CreateIndex
CREATE INDEX "WatchSession_memberId_lastAcceptedAt_idx" ON "WatchSession"("memberId", "lastAcceptedAt");

-- CreateIndex
CREATE INDEX "StudyCredit_memberId_year_idx" ON "StudyCredit"("memberId", "year");

-- CreateIndex
CREATE INDEX "Question_courseId_idx" ON "Question"("courseId");

-- CreateIndex
CREATE INDEX "ExamAttempt_examId_memberId_idx" ON "ExamAttempt"("examId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_attemptId_key" ON "Certificate"("attemptId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_verificationCode_key" ON "Certificate"("verificationCode");

-- CreateIndex
CREATE UNIQUE INDEX "Card_memberId_key" ON "Card"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Card_serial_key" ON "Card"("serial");

-- CreateIndex
CREATE INDEX "Warning_orgId_state_idx" ON "Warning"("orgId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Warning_ruleId_subjectType_subjectId_key" ON "Warning"("ruleId", "subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "WarningTransition_warningId_at_idx" ON "WarningTransition"("warningId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "WarningRuleSetting_orgId_ruleId_key" ON "WarningRuleSetting"("orgId", "ruleId");

-- CreateIndex
CREATE INDEX "OrgMonthFact_month_idx" ON "OrgMonthFact"("month");

-- CreateIndex
CREATE INDEX "OutboxEvent_processedAt_id_idx" ON "OutboxEvent"("processedAt", "id");

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_idx" ON "AuditLog"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- AddForeignKey
ALTER TABLE "Org" ADD CONSTRAINT "Org_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Org"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgLink" ADD CONSTRAINT "OrgLink_orgAId_fkey" FOREIGN KEY ("orgAId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgLink" ADD CONSTRAINT "OrgLink_orgBId_fkey" FOREIGN KEY ("orgBId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_partyGroupId_fkey" FOREIGN KEY ("partyGroupId") REFERENCES "Org"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitteeRole" ADD CONSTRAINT "CommitteeRole_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitteeRole" ADD CONSTRAINT "CommitteeRole_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberTransfer" ADD CONSTRAINT "MemberTransfer_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberTransfer" ADD CONSTRAINT "MemberTransfer_fromOrgId_fkey" FOREIGN KEY ("fromOrgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberTransfer" ADD CONSTRAINT "MemberTransfer_toOrgId_fkey" FOREIGN KEY ("toOrgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CadenceRule" ADD CONSTRAINT "CadenceRule_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ThemeDayAction" ADD CONSTRAINT "ThemeDayAction_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_hostMemberId_fkey" FOREIGN KEY ("hostMemberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingOrg" ADD CONSTRAINT "MeetingOrg_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingOrg" ADD CONSTRAINT "MeetingOrg_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingAction" ADD CONSTRAINT "MeetingAction_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingAmendment" ADD CONSTRAINT "MeetingAmendment_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuesDeclaration" ADD CONSTRAINT "DuesDeclaration_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuesPayment" ADD CONSTRAINT "DuesPayment_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuesPayment" ADD CONSTRAINT "DuesPayment_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuesPayment" ADD CONSTRAINT "DuesPayment_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuesMonth" ADD CONSTRAINT "DuesMonth_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuesMonth" ADD CONSTRAINT "DuesMonth_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "DuesPayment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_senderOrgId_fkey" FOREIGN KEY ("senderOrgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskTarget" ADD CONSTRAINT "TaskTarget_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskTarget" ADD CONSTRAINT "TaskTarget_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lesson" ADD CONSTRAINT "Lesson_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lesson" ADD CONSTRAINT "Lesson_videoAssetId_fkey" FOREIGN KEY ("videoAssetId") REFERENCES "VideoAsset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseAssignment" ADD CONSTRAINT "CourseAssignment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseAssignment" ADD CONSTRAINT "CourseAssignment_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rendition" ADD CONSTRAINT "Rendition_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "VideoAsset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LessonProgress" ADD CONSTRAINT "LessonProgress_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LessonProgress" ADD CONSTRAINT "LessonProgress_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WatchSession" ADD CONSTRAINT "WatchSession_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WatchSession" ADD CONSTRAINT "WatchSession_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyCredit" ADD CONSTRAINT "StudyCredit_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyCredit" ADD CONSTRAINT "StudyCredit_offlineTrainingId_fkey" FOREIGN KEY ("offlineTrainingId") REFERENCES "OfflineTraining"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exam" ADD CONSTRAINT "Exam_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamAttempt" ADD CONSTRAINT "ExamAttempt_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamAttempt" ADD CONSTRAINT "ExamAttempt_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExamAttempt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Card" ADD CONSTRAINT "Card_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Warning" ADD CONSTRAINT "Warning_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WarningTransition" ADD CONSTRAINT "WarningTransition_warningId_fkey" FOREIGN KEY ("warningId") REFERENCES "Warning"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WarningRuleSetting" ADD CONSTRAINT "WarningRuleSetting_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgMonthFact" ADD CONSTRAINT "OrgMonthFact_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

