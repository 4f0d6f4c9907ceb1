-- Figures kept in step with the cases, so that the overview and the ranking over ten million cases
-- read a few thousand rows instead of ten million. Each change of a case (or of one of its time
-- limits) appends what it adds to and takes from the counters as a delta row, in the changing
-- transaction — an append, never an update of a shared counter row, so concurrent letters do not
-- queue on one hot row. A background fold (commands/figures.ts) moves deltas into the rollups;
-- readers add rollup + deltas in one snapshot, so a figure is always exact.
--
-- The counters are those of commands/stats.ts (COUNTERS): a merged case counts nowhere; a day is a
-- China-time (+08:00) calendar day of reception.

CREATE TABLE case_figures (
  day date NOT NULL,
  unit_code text, channel text NOT NULL, category text, district text, type text NOT NULL,
  received bigint NOT NULL, solved bigint NOT NULL, valid_callbacks bigint NOT NULL, contacted bigint NOT NULL,
  resolved bigint NOT NULL, satisfied bigint NOT NULL, basically_satisfied bigint NOT NULL, unsatisfied bigint NOT NULL,
  returned bigint NOT NULL, reopened bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (day, unit_code, channel, category, district, type)
);
-- The same counters per day and unit only: what the overview and the ranking read (a year is a few
-- thousand rows, however many channels, categories and districts there are).
CREATE TABLE case_figures_daily (
  day date NOT NULL, unit_code text,
  received bigint NOT NULL, solved bigint NOT NULL, valid_callbacks bigint NOT NULL, contacted bigint NOT NULL,
  resolved bigint NOT NULL, satisfied bigint NOT NULL, basically_satisfied bigint NOT NULL, unsatisfied bigint NOT NULL,
  returned bigint NOT NULL, reopened bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (day, unit_code)
);
CREATE TABLE case_figure_deltas (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  day date NOT NULL,
  unit_code text, channel text NOT NULL, category text, district text, type text NOT NULL,
  received int NOT NULL, solved int NOT NULL, valid_callbacks int NOT NULL, contacted int NOT NULL,
  resolved int NOT NULL, satisfied int NOT NULL, basically_satisfied int NOT NULL, unsatisfied int NOT NULL,
  returned int NOT NULL, reopened int NOT NULL
);

-- Share of each time limit met: met and counted (done, breached, or missed in an earlier round).
CREATE TABLE limit_figures (
  day date NOT NULL, unit_code text, kind text NOT NULL,
  met bigint NOT NULL, counted bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (day, unit_code, kind)
);
CREATE TABLE limit_figure_deltas (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  day date NOT NULL, unit_code text, kind text NOT NULL, met int NOT NULL, counted int NOT NULL
);

CREATE FUNCTION case_figure_row(c cases, sign int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE valid boolean := coalesce(c.eval_reached, false) AND c.eval_satisfaction IS NOT NULL;
BEGIN
  IF c.status = 'merged' THEN RETURN; END IF;
  INSERT INTO case_figure_deltas (day, unit_code, channel, category, district, type, received, solved, valid_callbacks, contacted,
                                  resolved, satisfied, basically_satisfied, unsatisfied, returned, reopened)
  VALUES ((c.received_at AT TIME ZONE 'Asia/Shanghai')::date, c.unit_code, c.channel, c.category, c.district, c.type,
          sign, sign * (coalesce(c.eval_resolved, false))::int, sign * valid::int, sign * (valid AND c.contacted_at IS NOT NULL)::int,
          sign * (valid AND coalesce(c.eval_resolved, false))::int, sign * (c.eval_satisfaction IS NOT DISTINCT FROM 'satisfied')::int,
          sign * (c.eval_satisfaction IS NOT DISTINCT FROM 'basically_satisfied')::int, sign * (c.eval_satisfaction IS NOT DISTINCT FROM 'unsatisfied')::int,
          sign * (c.returns > 0)::int, sign * (c.reopens > 0)::int);
END $$;

-- What one limit adds, under its case's day and unit.
CREATE FUNCTION limit_figure_row(l case_limits, c_received timestamptz, c_unit text, c_status text, sign int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  counted boolean := l.done_at IS NOT NULL OR l.breached_at IS NOT NULL OR l.missed;
  met boolean := l.done_at IS NOT NULL AND l.done_at <= l.due_at AND NOT l.missed;
BEGIN
  IF NOT counted OR c_status = 'merged' THEN RETURN; END IF;
  INSERT INTO limit_figure_deltas (day, unit_code, kind, met, counted)
  VALUES ((c_received AT TIME ZONE 'Asia/Shanghai')::date, c_unit, l.kind, sign * met::int, sign);
END $$;

CREATE FUNCTION cases_figures_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE l case_limits;
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM case_figure_row(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM case_figure_row(NEW, 1); END IF;
  -- The case's limits count under its day and unit: when those move, their figures move with them.
  IF TG_OP = 'UPDATE' AND (OLD.unit_code IS DISTINCT FROM NEW.unit_code OR OLD.received_at IS DISTINCT FROM NEW.received_at
                           OR (OLD.status = 'merged') <> (NEW.status = 'merged')) THEN
    FOR l IN SELECT * FROM case_limits WHERE case_id = NEW.id LOOP
      PERFORM limit_figure_row(l, OLD.received_at, OLD.unit_code, OLD.status, -1);
      PERFORM limit_figure_row(l, NEW.received_at, NEW.unit_code, NEW.status, 1);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER cases_figures_ins_del AFTER INSERT OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION cases_figures_trigger();
CREATE TRIGGER cases_figures_upd AFTER UPDATE ON cases FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.unit_code IS DISTINCT FROM NEW.unit_code OR OLD.channel IS DISTINCT FROM NEW.channel
     OR OLD.category IS DISTINCT FROM NEW.category OR OLD.district IS DISTINCT FROM NEW.district OR OLD.type IS DISTINCT FROM NEW.type
     OR OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.eval_reached IS DISTINCT FROM NEW.eval_reached
     OR OLD.eval_resolved IS DISTINCT FROM NEW.eval_resolved OR OLD.eval_satisfaction IS DISTINCT FROM NEW.eval_satisfaction
     OR OLD.contacted_at IS DISTINCT FROM NEW.contacted_at OR OLD.returns IS DISTINCT FROM NEW.returns OR OLD.reopens IS DISTINCT FROM NEW.reopens)
  EXECUTE FUNCTION cases_figures_trigger();

CREATE FUNCTION limits_figures_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c record;
BEGIN
  SELECT received_at, unit_code, status INTO c FROM cases WHERE id = coalesce(NEW.case_id, OLD.case_id);
  IF TG_OP <> 'INSERT' THEN PERFORM limit_figure_row(OLD, c.received_at, c.unit_code, c.status, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM limit_figure_row(NEW, c.received_at, c.unit_code, c.status, 1); END IF;
  RETURN NULL;
END $$;

-- A new limit counts nothing until it is done or breached: only such inserts and changes fire.
CREATE TRIGGER limits_figures_ins AFTER INSERT ON case_limits FOR EACH ROW
  WHEN (NEW.done_at IS NOT NULL OR NEW.breached_at IS NOT NULL OR NEW.missed) EXECUTE FUNCTION limits_figures_trigger();
CREATE TRIGGER limits_figures_del AFTER DELETE ON case_limits FOR EACH ROW
  WHEN (OLD.done_at IS NOT NULL OR OLD.breached_at IS NOT NULL OR OLD.missed) EXECUTE FUNCTION limits_figures_trigger();
CREATE TRIGGER limits_figures_upd AFTER UPDATE ON case_limits FOR EACH ROW
  WHEN (OLD.done_at IS DISTINCT FROM NEW.done_at OR OLD.breached_at IS DISTINCT FROM NEW.breached_at OR OLD.missed IS DISTINCT FROM NEW.missed
     OR OLD.due_at IS DISTINCT FROM NEW.due_at)
  EXECUTE FUNCTION limits_figures_trigger();

-- The rollups counted afresh from every case: for the cases stored before this migration, and for
-- bulk loads that write cases with the triggers off (the benchmark's data generator).
CREATE FUNCTION rebuild_figures() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM case_figure_deltas;
  DELETE FROM limit_figure_deltas;
  DELETE FROM case_figures;
  DELETE FROM case_figures_daily;
  DELETE FROM limit_figures;
  INSERT INTO case_figures
  SELECT (received_at AT TIME ZONE 'Asia/Shanghai')::date, unit_code, channel, category, district, type,
         count(*), count(*) FILTER (WHERE eval_resolved),
         count(*) FILTER (WHERE eval_reached AND eval_satisfaction IS NOT NULL),
         count(*) FILTER (WHERE eval_reached AND eval_satisfaction IS NOT NULL AND contacted_at IS NOT NULL),
         count(*) FILTER (WHERE eval_reached AND eval_satisfaction IS NOT NULL AND eval_resolved),
         count(*) FILTER (WHERE eval_satisfaction = 'satisfied'), count(*) FILTER (WHERE eval_satisfaction = 'basically_satisfied'),
         count(*) FILTER (WHERE eval_satisfaction = 'unsatisfied'), count(*) FILTER (WHERE returns > 0), count(*) FILTER (WHERE reopens > 0)
    FROM cases WHERE status <> 'merged' GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO case_figures_daily
  SELECT day, unit_code, sum(received), sum(solved), sum(valid_callbacks), sum(contacted), sum(resolved), sum(satisfied),
         sum(basically_satisfied), sum(unsatisfied), sum(returned), sum(reopened)
    FROM case_figures GROUP BY 1, 2;
  INSERT INTO limit_figures
  SELECT (c.received_at AT TIME ZONE 'Asia/Shanghai')::date, c.unit_code, l.kind,
         count(*) FILTER (WHERE l.done_at IS NOT NULL AND l.done_at <= l.due_at AND NOT l.missed),
         count(*)
    FROM case_limits l JOIN cases c ON c.id = l.case_id
   WHERE c.status <> 'merged' AND (l.done_at IS NOT NULL OR l.breached_at IS NOT NULL OR l.missed)
   GROUP BY 1, 2, 3;
END $$;

SELECT rebuild_figures();
