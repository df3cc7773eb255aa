#include "core/query/case_reader.h"

#include "core/util/sha256.h"

namespace cordon::core {
namespace {

constexpr int kPreviewChars = 240;

/// The columns of an EventRow; ?1 is the preview length. Callers add WHERE and ORDER BY.
constexpr std::string_view kEventRowSelect =
    "SELECT e.id, e.event_time, e.record_time, e.source, e.kind, a.value, s.value, ip.value, m.value,"
    " e.input_tokens, e.output_tokens, e.flags, substr(e.prompt, 1, ?1), substr(e.output, 1, ?1)"
    " FROM events e"
    " LEFT JOIN entities a ON a.id = e.account_id"
    " LEFT JOIN entities s ON s.id = e.session_id"
    " LEFT JOIN entities ip ON ip.id = e.source_ip_id"
    " LEFT JOIN entities m ON m.id = e.model_id";

EventRow eventRow(const Statement &st)
{
    EventRow r;
    r.id = st.int64(0);
    r.eventTime = st.int64(1);
    r.recordTime = st.int64(2);
    r.source = st.text(3);
    r.kind = st.text(4);
    r.account = st.optText(5);
    r.session = st.optText(6);
    r.sourceIp = st.optText(7);
    r.model = st.optText(8);
    r.inputTokens = st.optInt64(9);
    r.outputTokens = st.optInt64(10);
    r.flags = static_cast<std::uint32_t>(st.int64(11));
    r.promptPreview = st.text(12);
    r.outputPreview = st.text(13);
    return r;
}

template<class F>
auto guarded(F &&f) -> decltype(f())
{
    try {
        return f();
    } catch (const SqlError &e) {
        return Error{ErrorCode::Database, e.what()};
    }
}

} // namespace

CaseReader::CaseReader(Database db) : m_db(std::move(db)) {}

Expected<CaseReader> CaseReader::open(const std::string &path)
{
    try {
        Database db(path, Database::Access::ReadOnly);
        db.exec("PRAGMA busy_timeout = 5000");
        return CaseReader(std::move(db));
    } catch (const SqlError &e) {
        return Error{ErrorCode::Io, path + ": " + e.what()};
    }
}

Expected<CaseInfo> readCaseInfo(Database &db)
{
    return guarded([&]() -> Expected<CaseInfo> {
        Statement st = db.prepare(
            "SELECT uuid, title, incident_type, severity, phase, is_exercise, created_at, started_at, detected_at,"
            " declared_at, contained_at, remediated_at, recovered_at, closed_at FROM case_info WHERE id = 1");
        if (!st.step())
            return Error{ErrorCode::Corrupt, "the case header is missing"};
        CaseInfo info;
        info.uuid = st.text(0);
        info.title = st.text(1);
        info.incidentType = st.text(2);
        info.severity = severityFromString(st.textView(3)).value_or(Severity::Medium);
        info.phase = phaseFromString(st.textView(4)).value_or(Phase::Detection);
        info.exercise = st.int64(5) != 0;
        info.createdAt = st.int64(6);
        for (std::size_t i = 0; i < kMilestones.size(); ++i)
            info.milestones[i] = st.optInt64(7 + static_cast<int>(i));
        return info;
    });
}

Expected<CaseInfo> CaseReader::info()
{
    return readCaseInfo(m_db);
}

Expected<CaseStats> CaseReader::stats()
{
    return guarded([&]() -> Expected<CaseStats> {
        Statement st = m_db.prepare("SELECT event_count, dead_letter_count, duplicate_count, first_event_time,"
                                    " last_event_time, last_record_time, commit_seq FROM case_stats WHERE id = 1");
        if (!st.step())
            return Error{ErrorCode::Corrupt, "the case counters are missing"};
        CaseStats s;
        s.events = st.int64(0);
        s.deadLetters = st.int64(1);
        s.duplicates = st.int64(2);
        s.firstEventTime = st.optInt64(3);
        s.lastEventTime = st.optInt64(4);
        s.lastRecordTime = st.optInt64(5);
        s.commitSeq = st.int64(6);
        return s;
    });
}

Expected<std::vector<EventRow>> CaseReader::newestEvents(int limit, const std::optional<EventCursor> &before)
{
    return guarded([&]() -> Expected<std::vector<EventRow>> {
        std::string sql = std::string(kEventRowSelect);
        if (before)
            sql += " WHERE (e.event_time, e.id) < (?2, ?3)";
        sql += " ORDER BY e.event_time DESC, e.id DESC LIMIT ?4";
        Statement st = m_db.prepare(sql);
        st.bind(1, kPreviewChars);
        if (before)
            st.bind(2, before->eventTime).bind(3, before->id);
        st.bind(4, limit);
        std::vector<EventRow> rows;
        rows.reserve(static_cast<std::size_t>(limit));
        while (st.step())
            rows.push_back(eventRow(st));
        return rows;
    });
}

Expected<std::vector<EventRow>> CaseReader::eventsById(const std::vector<std::int64_t> &ids)
{
    return guarded([&]() -> Expected<std::vector<EventRow>> {
        // One primary-key lookup per id: a page of a hundred costs well under a millisecond.
        Statement st = m_db.prepare(std::string(kEventRowSelect) + " WHERE e.id = ?2");
        std::vector<EventRow> rows;
        rows.reserve(ids.size());
        for (std::int64_t id : ids) {
            st.bind(1, kPreviewChars).bind(2, id);   // reset() clears every binding
            if (st.step())
                rows.push_back(eventRow(st));
            st.reset();
        }
        return rows;
    });
}

Expected<EventDetail> CaseReader::eventDetail(std::int64_t id)
{
    return guarded([&]() -> Expected<EventDetail> {
        Statement st = m_db.prepare(std::string(kEventRowSelect) + " WHERE e.id = ?2");
        st.bind(1, kPreviewChars).bind(2, id);
        if (!st.step())
            return Error{ErrorCode::Invalid, "no event " + std::to_string(id)};
        EventDetail d;
        d.row = eventRow(st);
        Statement full = m_db.prepare(
            "SELECT e.external_id, ua.value, e.model_version, e.provider, e.prompt, e.output, e.attributes, e.payload,"
            " e.payload_sha256 FROM events e LEFT JOIN entities ua ON ua.id = e.user_agent_id WHERE e.id = ?");
        full.bind(1, id);
        full.step();
        d.externalId = full.optText(0).value_or("");
        d.userAgent = full.optText(1).value_or("");
        d.modelVersion = full.optText(2).value_or("");
        d.provider = full.optText(3).value_or("");
        d.prompt = full.optText(4).value_or("");
        d.output = full.optText(5).value_or("");
        d.attributes = full.optText(6).value_or("");
        d.payload = full.text(7);
        const auto digest = full.blobView(8);
        d.payloadSha256 = toHex(reinterpret_cast<const std::uint8_t *>(digest.data()), digest.size());
        Statement alerts = m_db.prepare(
            "SELECT a.id, a.title, a.severity, a.status FROM alert_events ae JOIN alerts a ON a.id = ae.alert_id"
            " WHERE ae.event_id = ? ORDER BY a.id");
        alerts.bind(1, id);
        while (alerts.step())
            d.alerts.push_back({alerts.int64(0), alerts.text(1), alerts.text(2), alerts.text(3)});
        Statement pin = m_db.prepare("SELECT body FROM notes WHERE event_id = ? ORDER BY id LIMIT 1");
        pin.bind(1, id);
        if (pin.step())
            d.pinNote = pin.text(0);
        return d;
    });
}

Expected<std::vector<std::pair<std::string, std::int64_t>>> CaseReader::eventKinds()
{
    return guarded([&]() -> Expected<std::vector<std::pair<std::string, std::int64_t>>> {
        Statement st = m_db.prepare("SELECT kind, COUNT(*) FROM events GROUP BY kind ORDER BY 2 DESC");
        std::vector<std::pair<std::string, std::int64_t>> out;
        while (st.step())
            out.emplace_back(st.text(0), st.int64(1));
        return out;
    });
}

std::int64_t CaseReader::distinctAccounts()
{
    return m_db.queryInt("SELECT COUNT(*) FROM entities WHERE kind = 'account'");
}

std::int64_t countAffectedAccounts(Database &db)
{
    return db.queryInt("SELECT COUNT(DISTINCT e.account_id) FROM alerts a JOIN alert_events ae ON ae.alert_id = a.id"
                         " JOIN events e ON e.id = ae.event_id WHERE a.status <> 'dismissed' AND e.account_id IS NOT NULL");
}

std::int64_t CaseReader::affectedAccounts()
{
    return countAffectedAccounts(m_db);
}

CaseReader::CampaignCounts CaseReader::campaignCounts(TimeUs activeSince)
{
    Statement st = m_db.prepare("SELECT COUNT(*), COUNT(*) FILTER (WHERE last_seen >= ?) FROM campaigns");
    st.bind(1, activeSince);
    st.step();
    return {st.int64(0), st.int64(1)};
}

} // namespace cordon::core
