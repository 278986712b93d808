-- Township-wide warnings (inhibition): a township whose branches are critical on the same rule
-- gets one warning of its own, under which those branches' warnings are grouped.
ALTER TYPE "SubjectType" ADD VALUE 'AREA';
