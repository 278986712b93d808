-- Wake the worker as soon as an outbox event is committed (it also polls, as a safety net).
CREATE OR REPLACE FUNCTION "dangjian_outbox_notify"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('dangjian_outbox', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "OutboxEvent_notify"
AFTER INSERT ON "OutboxEvent"
FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_outbox_notify"();
