#include "core/query/timeline_index.h"

#include <algorithm>
#include <stdexcept>

namespace cordon::core {
namespace {

constexpr std::size_t kCancelEvery = 1 << 16;

std::int32_t entityCode(const Statement &row, int column)
{
    if (row.isNull(column))
        return 0;
    const std::int64_t id = row.int64(column);
    if (id <= 0 || id > INT32_MAX)
        throw std::runtime_error("entity id " + std::to_string(id) + " is out of the timeline's range");
    return static_cast<std::int32_t>(id);
}

bool before(const TimelineEntry &a, const TimelineEntry &b)
{
    return a.eventTime != b.eventTime ? a.eventTime < b.eventTime : a.id < b.id;
}

/// The user's words as an FTS5 query: each word a quoted phrase (so punctuation and FTS5
/// operators typed by accident are literal), all required; a trailing * keeps a prefix search.
std::string ftsQuery(std::string_view text)
{
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        const std::size_t b = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t')
            ++i;
        std::string_view word = text.substr(b, i - b);
        if (word.empty())
            continue;
        const bool prefix = word.size() > 1 && word.back() == '*';
        if (prefix)
            word.remove_suffix(1);
        if (!out.empty())
            out += ' ';
        out += '"';
        for (char c : word)
            out += c == '"' ? std::string("\"\"") : std::string(1, c);
        out += '"';
        if (prefix)
            out += '*';
    }
    return out;
}

/// The id of an entity by kind and exact value; nullopt when the case has no such entity.
std::optional<std::int64_t> entityId(Database &db, const char *kind, const std::string &value)
{
    Statement st = db.prepare("SELECT id FROM entities WHERE kind = ? AND value = ?");
    st.bindText(1, kind).bindText(2, value);
    if (!st.step())
        return std::nullopt;
    return st.int64(0);
}

/// The filter's entity conditions resolved to ids; `none` when one names an unknown entity.
struct ResolvedEntities {
    std::int64_t account = 0, session = 0, sourceIp = 0;
    bool none = false;
};

ResolvedEntities resolve(Database &db, const TimelineFilter &filter)
{
    ResolvedEntities r;
    auto one = [&](const std::optional<std::string> &value, const char *kind, std::int64_t &out) {
        if (!value)
            return;
        if (auto id = entityId(db, kind, *value))
            out = *id;
        else
            r.none = true;
    };
    one(filter.account, "account", r.account);
    one(filter.session, "session", r.session);
    one(filter.sourceIp, "ip", r.sourceIp);
    return r;
}

/// The SQL condition on alerts `a` for the filter's alert conditions, e.g.
/// "a.id = 7 AND a.severity IN ('Critical','High')"; built from numbers and the fixed
/// severity names only, so it needs no parameters.
std::string alertCondition(const TimelineFilter &filter)
{
    std::string sql = "1";
    if (filter.alertId)
        sql += " AND a.id = " + std::to_string(*filter.alertId);
    if (filter.minSeverity) {
        sql += " AND a.severity IN (";
        for (int s = 0; s <= static_cast<int>(*filter.minSeverity); ++s)
            sql += (s ? ",'" : "'") + std::string(toString(static_cast<Severity>(s))) + "'";
        sql += ")";
    }
    return sql;
}

/// The ids of the events the filter's alerts cite, ascending.
std::vector<std::int64_t> citedEvents(Database &db, const TimelineFilter &filter)
{
    std::vector<std::int64_t> ids;
    Statement st = db.prepare("SELECT DISTINCT ae.event_id FROM alert_events ae JOIN alerts a ON a.id = ae.alert_id"
                              " WHERE " + alertCondition(filter) + " ORDER BY ae.event_id");
    while (st.step())
        ids.push_back(st.int64(0));
    return ids;
}

} // namespace

TimeUs niceBinWidth(TimeUs span, int maxBins)
{
    constexpr TimeUs s = 1'000'000, m = 60 * s, h = 60 * m, d = 24 * h;
    static constexpr TimeUs widths[] = {s, 5 * s, 10 * s, 30 * s, m, 5 * m, 10 * m, 15 * m, 30 * m,
                                        h, 2 * h, 3 * h, 6 * h, 12 * h, d, 7 * d};
    const TimeUs bins = std::max(maxBins, 1);
    for (TimeUs w : widths) {
        if ((span + w - 1) / w <= bins)
            return w;
    }
    return (span + bins - 1) / bins;
}

RateHistogram TimelineIndex::histogram(int maxBins, std::uint32_t violationFlags) const
{
    RateHistogram h;
    if (m_entries.empty())
        return h;
    const TimeUs first = m_entries.front().eventTime, last = m_entries.back().eventTime;
    h.binWidth = niceBinWidth(last - first + 1, maxBins);
    // Bins start on a multiple of their width, so they line up with clock time.
    h.from = first - ((first % h.binWidth) + h.binWidth) % h.binWidth;
    const auto count = static_cast<std::size_t>((last - h.from) / h.binWidth + 1);
    h.events.assign(count, 0);
    h.violations.assign(count, 0);
    for (const TimelineEntry &e : m_entries) {
        const auto bin = static_cast<std::size_t>((e.eventTime - h.from) / h.binWidth);
        ++h.events[bin];
        if (e.flags & violationFlags)
            ++h.violations[bin];
    }
    return h;
}

std::uint16_t TimelineIndex::kindCode(std::string_view kind)
{
    for (std::size_t i = 0; i < m_kinds.size(); ++i) {
        if (m_kinds[i] == kind)
            return static_cast<std::uint16_t>(i);
    }
    if (m_kinds.size() >= UINT16_MAX)
        throw std::runtime_error("more than 65,535 event kinds");
    m_kinds.emplace_back(kind);
    return static_cast<std::uint16_t>(m_kinds.size() - 1);
}

bool TimelineIndex::catchUp(Database &db, const std::function<bool()> &cancelled)
{
    // The first read walks the covering index events_time in order; later ones take the
    // few rows committed since by rowid and sort them here (ORDER BY event_time would walk
    // the whole index again to find them).
    Statement rows = db.prepare(m_upto == 0
        ? "SELECT id, event_time, kind, flags, account_id, session_id, source_ip_id FROM events"
          " ORDER BY event_time, id"
        : "SELECT id, event_time, kind, flags, account_id, session_id, source_ip_id FROM events WHERE id > ?");
    if (m_upto != 0)
        rows.bind(1, m_upto);
    const std::size_t oldSize = m_entries.size();
    std::int64_t upto = m_upto;
    std::string_view lastKind;
    std::uint16_t lastCode = 0;
    while (rows.step()) {
        if (cancelled && (m_entries.size() - oldSize) % kCancelEvery == kCancelEvery - 1 && cancelled()) {
            m_entries.resize(oldSize);
            return false;
        }
        TimelineEntry e;
        e.id = rows.int64(0);
        e.eventTime = rows.int64(1);
        const std::string_view kind = rows.textView(2);
        if (kind != lastKind || m_kinds.empty()) {
            lastCode = kindCode(kind);
            lastKind = m_kinds[lastCode];
        }
        e.kind = lastCode;
        e.flags = static_cast<std::uint32_t>(rows.int64(3));
        e.account = entityCode(rows, 4);
        e.session = entityCode(rows, 5);
        e.sourceIp = entityCode(rows, 6);
        upto = std::max(upto, e.id);
        m_entries.push_back(e);
    }
    std::sort(m_entries.begin() + static_cast<std::ptrdiff_t>(oldSize), m_entries.end(), before);
    // Live events are usually the newest; a late one (older event time) is merged into place.
    if (oldSize > 0 && m_entries.size() > oldSize && before(m_entries[oldSize], m_entries[oldSize - 1]))
        std::inplace_merge(m_entries.begin(), m_entries.begin() + static_cast<std::ptrdiff_t>(oldSize), m_entries.end(), before);
    m_upto = upto;
    return true;
}

std::vector<std::int64_t> TimelineIndex::matches(Database &db, const TimelineFilter &filter,
                                                 const std::function<bool()> &cancelled) const
{
    std::vector<std::int64_t> out;
    const ResolvedEntities entities = resolve(db, filter);
    if (entities.none)
        return out;
    std::vector<bool> kindWanted(m_kinds.size(), filter.kinds.empty());
    for (const std::string &k : filter.kinds) {
        const auto it = std::find(m_kinds.begin(), m_kinds.end(), k);
        if (it != m_kinds.end())
            kindWanted[static_cast<std::size_t>(it - m_kinds.begin())] = true;
    }
    std::vector<std::int64_t> textHits;
    if (!filter.text.empty()) {
        const std::string query = ftsQuery(filter.text);
        if (query.empty())
            return out;
        Statement hits = db.prepare("SELECT rowid FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid");
        hits.bindText(1, query);
        while (hits.step())
            textHits.push_back(hits.int64(0));
        if (textHits.empty())
            return out;
    }
    std::vector<std::int64_t> cited;
    if (filter.citedByAlerts()) {
        cited = citedEvents(db, filter);
        if (cited.empty())
            return out;
    }

    // Newest first: walk the time range backwards.
    auto first = m_entries.begin(), last = m_entries.end();
    if (filter.from)
        first = std::lower_bound(m_entries.begin(), m_entries.end(), *filter.from,
                                 [](const TimelineEntry &e, TimeUs t) { return e.eventTime < t; });
    if (filter.to)
        last = std::lower_bound(first, m_entries.end(), *filter.to,
                                [](const TimelineEntry &e, TimeUs t) { return e.eventTime < t; });
    std::size_t seen = 0;
    for (auto it = last; it != first;) {
        --it;
        if (cancelled && ++seen % kCancelEvery == 0 && cancelled())
            return {};
        const TimelineEntry &e = *it;
        if (!kindWanted[e.kind] || (e.flags & filter.flags) != filter.flags)
            continue;
        if ((entities.account && e.account != entities.account) || (entities.session && e.session != entities.session)
            || (entities.sourceIp && e.sourceIp != entities.sourceIp))
            continue;
        if (!textHits.empty() && !std::binary_search(textHits.begin(), textHits.end(), e.id))
            continue;
        if (!cited.empty() && !std::binary_search(cited.begin(), cited.end(), e.id))
            continue;
        out.push_back(e.id);
    }
    return out;
}

std::vector<std::int64_t> TimelineIndex::firstMatches(Database &db, const TimelineFilter &filter, int limit)
{
    std::vector<std::int64_t> out;
    const ResolvedEntities entities = resolve(db, filter);
    if (entities.none)
        return out;
    std::string where = " WHERE 1";
    std::vector<std::string> texts;
    if (filter.from)
        where += " AND e.event_time >= " + std::to_string(*filter.from);
    if (filter.to)
        where += " AND e.event_time < " + std::to_string(*filter.to);
    if (filter.flags)
        where += " AND (e.flags & " + std::to_string(filter.flags) + ") = " + std::to_string(filter.flags);
    if (entities.account)
        where += " AND e.account_id = " + std::to_string(entities.account);
    if (entities.session)
        where += " AND e.session_id = " + std::to_string(entities.session);
    if (entities.sourceIp)
        where += " AND e.source_ip_id = " + std::to_string(entities.sourceIp);
    if (filter.citedByAlerts())
        where += " AND e.id IN (SELECT ae.event_id FROM alert_events ae JOIN alerts a ON a.id = ae.alert_id WHERE "
               + alertCondition(filter) + ")";
    if (!filter.kinds.empty()) {
        where += " AND e.kind IN (";
        for (std::size_t i = 0; i < filter.kinds.size(); ++i)
            where += (i ? ", ?" : "?") + std::to_string(i + 2);
        where += ")";
    }
    std::string sql;
    if (filter.text.empty()) {
        sql = "SELECT e.id FROM events e" + where + " ORDER BY e.event_time DESC, e.id DESC LIMIT ?1";
    } else {
        // Newest recorded hits first: FTS5 walks its rowids backwards and stops at the limit.
        const std::size_t textParam = filter.kinds.size() + 2;
        sql = "SELECT e.id FROM events_fts f JOIN events e ON e.id = f.rowid" + where + " AND events_fts MATCH ?"
            + std::to_string(textParam) + " ORDER BY f.rowid DESC LIMIT ?1";
    }
    Statement st = db.prepare(sql);
    st.bind(1, limit);
    for (std::size_t i = 0; i < filter.kinds.size(); ++i)
        st.bindText(static_cast<int>(i + 2), filter.kinds[i]);
    if (!filter.text.empty()) {
        const std::string query = ftsQuery(filter.text);
        if (query.empty())
            return out;
        st.bindText(static_cast<int>(filter.kinds.size() + 2), query);
    }
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

} // namespace cordon::core
