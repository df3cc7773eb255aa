#include "core/forensics/auth_recorder.h"

#include <algorithm>

namespace cordon::core::forensics {
namespace {

/// How far back a login is compared with earlier ones: the failure window, and a day for
/// travel (a login from the other side of the world a day later is possible).
constexpr TimeUs kTravelLookback = 24LL * 3600 * 1'000'000;
/// Failures counted before one success; more say nothing new.
constexpr int kMaxFailures = 200;

} // namespace

AuthRecorder::AuthRecorder(Database &db, const AuthCriteria &criteria, EntityNames &names)
    : m_db(db),
      m_criteria(criteria),
      m_names(names),
      // Sources flag failed logins (auth_failure, bit 7), so success and failure can be told
      // apart in SQL from the events_auth index (named: the planner would otherwise walk
      // all of the account's events by events_account), and only the rows that matter are read.
      m_previousSuccess(db.prepare(
          "SELECT id, event_time, kind, flags, source_ip_id, attributes FROM events INDEXED BY events_auth WHERE account_id = ?1"
          " AND event_time >= ?2 AND event_time <= ?3 AND id <> ?4 AND kind = 'auth' AND (flags & 128) = 0"
          " ORDER BY event_time DESC, id DESC LIMIT 1")),
      m_lastSuccessTime(db.prepare(
          "SELECT MAX(event_time) FROM events INDEXED BY events_auth WHERE account_id = ?1"
          " AND event_time >= ?2 AND event_time <= ?3 AND id <> ?4 AND kind = 'auth' AND (flags & 128) = 0")),
      m_failures(db.prepare(
          "SELECT id, event_time, kind, flags, source_ip_id, attributes FROM events INDEXED BY events_auth WHERE account_id = ?1"
          " AND event_time >= ?2 AND event_time <= ?3 AND id <> ?4 AND kind = 'auth' AND (flags & 128) <> 0"
          " ORDER BY event_time DESC, id DESC LIMIT ?5")),
      m_insert(db.prepare(
          "INSERT OR IGNORE INTO auth_findings (event_id, kind, account_id, detail, token_sha256, analysis_id)"
          " VALUES (?, ?, ?, ?, ?, ?)"))
{
}

void AuthRecorder::read(Statement &rows, const AuthEvent &event, std::vector<AuthEvent> &out)
{
    while (rows.step()) {
        std::optional<std::string> ip;
        if (!rows.isNull(4))
            ip = m_names(rows.int64(4));
        const auto attributes = rows.isNull(5) ? std::nullopt : std::optional(rows.textView(5));
        if (auto e = readAuthEvent(rows.int64(0), rows.int64(1), rows.textView(2), static_cast<std::uint32_t>(rows.int64(3)),
                                   event.account, ip, attributes))
            out.push_back(std::move(*e));
    }
    rows.reset();
}

std::vector<AuthEvent> AuthRecorder::earlier(const AuthEvent &event)
{
    // Newest first: the failures since the previous success, then that success when the
    // login has a location to compare. A busy service account logs in thousands of times,
    // so the failures are read only after the previous success, whose time the index
    // alone answers.
    std::vector<AuthEvent> out;
    if (!event.account)
        return out;
    TimeUs from = event.time - m_criteria.failureWindow;
    m_lastSuccessTime.bind(1, *event.account).bind(2, from).bind(3, event.time).bind(4, event.id);
    if (m_lastSuccessTime.step() && !m_lastSuccessTime.isNull(0))
        from = m_lastSuccessTime.int64(0);
    m_lastSuccessTime.reset();
    m_failures.bind(1, *event.account).bind(2, from).bind(3, event.time).bind(4, event.id).bind(5, kMaxFailures);
    read(m_failures, event, out);
    if (event.geo) {
        m_previousSuccess.bind(1, *event.account).bind(2, event.time - kTravelLookback).bind(3, event.time);
        m_previousSuccess.bind(4, event.id);
        read(m_previousSuccess, event, out);
    }
    return out;
}

int AuthRecorder::examine(const AuthEvent &event, std::int64_t analysisId)
{
    std::vector<AuthFinding> found = tokenFindings(event, m_criteria);
    if (event.success) {
        auto sequence = sequenceFindings(event, earlier(event), m_criteria);
        found.insert(found.end(), sequence.begin(), sequence.end());
    }
    for (const AuthFinding &f : found) {
        m_insert.bind(1, event.id).bindText(2, f.kind).bind(3, event.account).bindText(4, f.detail);
        m_insert.bindText(5, f.tokenSha256).bind(6, analysisId);
        m_insert.run();
    }
    return static_cast<int>(found.size());
}

} // namespace cordon::core::forensics
