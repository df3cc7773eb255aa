#include "core/detect/detection_engine.h"

#include "core/audit/audit_log.h"
#include "core/detect/event_signals.h"

namespace cordon::core {
namespace {

constexpr std::int64_t kPage = 5'000;

const char *entityKind(Rule::GroupBy g)
{
    switch (g) {
    case Rule::GroupBy::Account: return "account";
    case Rule::GroupBy::Session: return "session";
    case Rule::GroupBy::SourceIp: return "ip";
    case Rule::GroupBy::Model: return "model";
    case Rule::GroupBy::None: break;
    }
    return "";
}

std::int64_t optInt(Statement &st, int col)
{
    return st.isNull(col) ? 0 : st.int64(col);
}

constexpr std::size_t kMaxExpected = 200'000;

ScannedEvent scannedEvent(const Event &e)
{
    ScannedEvent scanned;
    scanned.time = e.eventTime;
    scanned.kind = e.kind;
    scanned.flags = e.flags;
    if (e.prompt)
        scanned.prompt = *e.prompt;
    if (e.output)
        scanned.output = *e.output;
    if (e.attributes)
        scanned.attributes = *e.attributes;
    return scanned;
}

} // namespace

DetectionEngine::DetectionEngine(DetectionConfig config, const Clock &clock)
    : m_detector(std::move(config)), m_scanners(m_detector.config().scanners), m_clock(clock)
{
}

void DetectionEngine::loadProtectedText(Database &db)
{
    auto loaded = std::make_shared<const ProtectedText>(ProtectedText::load(db));
    std::lock_guard lock(m_protectedMutex);
    m_protected = std::move(loaded);
}

EarlySignals DetectionEngine::signalsOf(const std::vector<Event> &events) const
{
    EarlySignals out;
    {
        std::lock_guard lock(m_protectedMutex);
        out.basis = m_protected;
    }
    out.sets.reserve(events.size());
    for (const Event &e : events)
        out.sets.push_back(computeSignals(scannedEvent(e), m_scanners, out.basis.get()));
    return out;
}

void DetectionEngine::expect(std::int64_t id, SignalSet signalSet, const std::shared_ptr<const ProtectedText> &basis)
{
    {
        std::lock_guard lock(m_protectedMutex);
        if (basis != m_protected)
            return;   // computed with other protected texts: the pass scans the event itself
    }
    if (m_expected.size() < kMaxExpected && (m_expected.empty() || m_expected.back().first < id))
        m_expected.emplace_back(id, signalSet);
}

/// Reads events with id > after (and id <= until, event_time >= since) in id order, with
/// their signals: those expect() was given, the others computed here.
template<class Fn>
std::int64_t DetectionEngine::forEachEvent(Database &db, std::int64_t after, std::int64_t until, TimeUs since,
                                           std::int64_t limit, Fn &&fn)
{
    CachedStatement cached = db.cached(
        "SELECT id, event_time, kind, account_id, session_id, source_ip_id, model_id, input_tokens, output_tokens,"
        " flags, prompt, output, attributes FROM events WHERE id > ? AND id <= ? AND event_time >= ?"
        " ORDER BY id LIMIT ?");
    Statement &st = *cached;
    st.bind(1, after).bind(2, until).bind(3, since).bind(4, limit);
    std::int64_t last = after;
    while (st.step()) {
        DetectionEvent e;
        e.id = st.int64(0);
        e.time = st.int64(1);
        e.kind = st.text(2);
        e.account = optInt(st, 3);
        e.session = optInt(st, 4);
        e.sourceIp = optInt(st, 5);
        e.model = optInt(st, 6);
        e.inputTokens = optInt(st, 7);
        e.outputTokens = optInt(st, 8);
        while (!m_expected.empty() && m_expected.front().first < e.id)
            m_expected.pop_front();
        if (!m_expected.empty() && m_expected.front().first == e.id) {
            e.signalSet = m_expected.front().second;
            m_expected.pop_front();
        } else {
            ScannedEvent scanned;
            scanned.time = e.time;
            scanned.kind = e.kind;
            scanned.flags = static_cast<std::uint32_t>(st.int64(9));
            if (!st.isNull(10))
                scanned.prompt = st.textView(10);
            if (!st.isNull(11))
                scanned.output = st.textView(11);
            if (!st.isNull(12))
                scanned.attributes = st.textView(12);
            e.signalSet = computeSignals(scanned, m_scanners, m_protected.get());
        }
        fn(e);
        last = e.id;
    }
    return last;
}

std::string DetectionEngine::groupName(Database &db, const GroupKey &key)
{
    const Rule &rule = m_detector.config().rules[key.rule];
    if (rule.groupBy == Rule::GroupBy::None)
        return "all";
    CachedStatement st = db.cached("SELECT value FROM entities WHERE id = ?");
    st->bind(1, key.entity);
    return std::string(entityKind(rule.groupBy)) + ":" + (st->step() ? st->text(0) : std::to_string(key.entity));
}

void DetectionEngine::warmUp(Database &db, std::int64_t upto)
{
    m_warm = true;
    loadProtectedText(db);
    if (upto <= 0)
        return;
    const TimeUs window = m_detector.config().longestWindow();
    Statement last = db.prepare("SELECT event_time FROM events WHERE id = ?");
    last.bind(1, upto);
    const TimeUs lastTime = last.step() ? last.int64(0) : 0;
    const TimeUs since = lastTime - window;
    std::int64_t after = 0;
    for (;;) {
        const std::int64_t next = forEachEvent(db, after, upto, since, kPage,
                                               [&](const DetectionEvent &e) { m_detector.observe(e, false); });
        if (next == after)
            break;
        after = next;
    }
    // Alerts still open for grouping continue rather than being raised again.
    const auto &rules = m_detector.config().rules;
    Statement open = db.prepare(
        "SELECT a.id, a.rule_id, a.group_key, a.last_event_time, a.severity,"
        " (SELECT COUNT(*) FROM alert_events WHERE alert_id = a.id) FROM alerts a"
        " WHERE a.last_event_time >= ? AND a.status <> 'resolved'");
    open.bind(1, lastTime - m_detector.config().longestGrouping());
    Statement entity = db.prepare("SELECT id FROM entities WHERE kind = ? AND value = ?");
    while (open.step()) {
        const std::string ruleId = open.text(1), groupKey = open.text(2);
        for (std::size_t r = 0; r < rules.size(); ++r) {
            if (rules[r].id != ruleId)
                continue;
            std::int64_t entityId = 0;
            if (rules[r].groupBy != Rule::GroupBy::None) {
                const auto colon = groupKey.find(':');
                entity.bindText(1, groupKey.substr(0, colon)).bindText(2, groupKey.substr(colon + 1));
                entityId = entity.step() ? entity.int64(0) : 0;
                entity.reset();
            }
            int level = 0;
            for (std::size_t l = 0; l < rules[r].levels.size(); ++l) {
                if (toString(rules[r].levels[l].severity) == open.text(4))
                    level = static_cast<int>(l);
            }
            m_detector.attachAlert({r, entityId}, open.int64(0), level, open.int64(3), open.int64(5));
        }
    }
}

void DetectionEngine::write(Database &db, std::vector<AlertChange> &changes, DetectionPass &pass)
{
    const TimeUs now = m_clock.now();
    const auto &config = m_detector.config();
    CachedStatement statusQuery = db.cached("SELECT status FROM alerts WHERE id = ?");
    CachedStatement insertQuery = db.cached(
        "INSERT INTO alerts (rule_id, title, severity, status, criteria, group_key, event_count, first_event_time,"
        " last_event_time, created_at, updated_at, sla_due_at, escalation_target, recommended_actions)"
        " VALUES (?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    CachedStatement updateQuery = db.cached(
        "UPDATE alerts SET event_count = event_count + ?, first_event_time = MIN(first_event_time, ?),"
        " last_event_time = MAX(last_event_time, ?), updated_at = ?, severity = ?, criteria = ?,"
        " sla_due_at = CASE WHEN ? THEN MIN(COALESCE(sla_due_at, ?), ?) ELSE sla_due_at END,"
        " escalation_target = CASE WHEN ? THEN ? ELSE escalation_target END WHERE id = ?");
    CachedStatement criteriaQuery = db.cached("SELECT criteria FROM alerts WHERE id = ?");
    CachedStatement linkQuery = db.cached("INSERT OR IGNORE INTO alert_events (alert_id, event_id) VALUES (?, ?)");
    Statement &status = *statusQuery, &insert = *insertQuery, &update = *updateQuery, &criteria = *criteriaQuery,
              &link = *linkQuery;

    for (AlertChange &c : changes) {
        const Rule &rule = config.rules[c.key.rule];
        const std::string group = groupName(db, c.key);
        for (auto &text : c.newCriteria) {
            for (auto p = text.find("{key}"); p != std::string::npos; p = text.find("{key}", p + group.size()))
                text.replace(p, 5, group);
        }
        if (c.alertId) {
            status.bind(1, c.alertId);
            const bool resolved = status.step() && status.text(0) == "resolved";
            status.reset();
            if (resolved)
                c.alertId = 0;   // activity after resolution is a new alert
        }
        const TriagePolicy::Level &triage = config.triage.at(c.severity);
        if (c.alertId == 0) {
            nlohmann::json actions = rule.recommendedActions;
            for (const auto &a : triage.recommendedActions)
                actions.push_back(a);
            insert.bindText(1, rule.id).bindText(2, rule.title).bindText(3, toString(c.severity));
            insert.bindText(4, nlohmann::json(c.newCriteria).dump()).bindText(5, group);
            insert.bind(6, c.newEvents).bind(7, c.firstTime).bind(8, c.lastTime).bind(9, now).bind(10, now);
            insert.bind(11, now + triage.responseTime);
            insert.bindText(12, triage.escalationTarget.empty() ? std::optional<std::string>() : triage.escalationTarget);
            insert.bindText(13, actions.dump());
            insert.run();
            c.alertId = db.lastInsertRowId();
            ++pass.raised;
            AuditLog::record(db, now, {"rule:" + rule.id, "alert.raise", "alert", c.alertId,
                                       {{"severity", toString(c.severity)}, {"events", c.newEvents}, {"group", group}}});
        } else {
            criteria.bind(1, c.alertId);
            nlohmann::json list = criteria.step() ? nlohmann::json::parse(criteria.text(0), nullptr, false) : nlohmann::json();
            criteria.reset();
            if (!list.is_array())
                list = nlohmann::json::array();
            for (const auto &text : c.newCriteria)
                list.push_back(text);
            update.bind(1, c.newEvents).bind(2, c.firstTime).bind(3, c.lastTime).bind(4, now);
            update.bindText(5, toString(c.severity)).bindText(6, list.dump());
            update.bind(7, c.severityRaised ? 1 : 0).bind(8, now + triage.responseTime).bind(9, now + triage.responseTime);
            update.bind(10, c.severityRaised ? 1 : 0).bindText(11, triage.escalationTarget).bind(12, c.alertId);
            update.run();
            ++pass.updated;
            AuditLog::record(db, now, {"rule:" + rule.id, c.severityRaised ? "alert.escalate_severity" : "alert.update",
                                       "alert", c.alertId,
                                       {{"severity", toString(c.severity)}, {"new_events", c.newEvents}}});
        }
        for (std::int64_t id : c.eventIds) {
            link.bind(1, c.alertId).bind(2, id);
            link.run();
        }
    }
}

DetectionPass DetectionEngine::run(Database &db, std::int64_t limit)
{
    DetectionPass pass;
    std::int64_t upto = db.queryInt("SELECT value FROM meta WHERE key = 'detection_upto'");
    if (!m_warm)
        warmUp(db, upto);
    try {
        for (;;) {
            if (pass.events >= limit) {
                pass.more = true;
                break;
            }
            WriteTransaction txn(db);
            std::int64_t n = 0;
            const std::int64_t next = forEachEvent(db, upto, INT64_MAX, INT64_MIN, kPage,
                                                   [&](const DetectionEvent &e) {
                                                       m_detector.observe(e, true);
                                                       ++n;
                                                   });
            if (n == 0)
                break;
            std::vector<AlertChange> changes = m_detector.takeChanges();
            write(db, changes, pass);
            CachedStatement mark = db.cached("UPDATE meta SET value = ? WHERE key = 'detection_upto'");
            mark->bind(1, next);
            mark->run();
            txn.commit();
            for (const AlertChange &c : changes)
                m_detector.confirmAlert(c.key, c.alertId);
            pass.events += n;
            upto = next;
        }
    } catch (...) {
        m_warm = false;   // the detector ran ahead of what was committed: warm up again next time
        m_detector = Detector(m_detector.config());
        throw;
    }
    return pass;
}

} // namespace cordon::core
