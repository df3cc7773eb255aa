#include "core/review/incident_timeline.h"

#include "core/audit/audit_log.h"
#include "core/audit/row_encoder.h"

namespace cordon::core {
namespace {

constexpr std::string_view kPinSelect =
    "SELECT n.id, n.event_id, e.event_time, e.kind, n.author, n.body, n.created_at"
    " FROM notes n JOIN events e ON e.id = n.event_id";

Pin pinRow(const Statement &st)
{
    return {st.int64(0), st.int64(1), st.int64(2), st.text(3), st.text(4), st.text(5), st.int64(6)};
}

} // namespace

Expected<std::int64_t> pinEvent(Database &db, const Clock &clock, const std::string &actor, std::int64_t eventId,
                                const std::string &note)
{
    if (actor.empty())
        return Error{ErrorCode::Invalid, "pinning an event needs the name of the person pinning it"};
    WriteTransaction txn(db);
    if (db.queryInt("SELECT COUNT(*) FROM events WHERE id = " + std::to_string(eventId)) == 0)
        return Error{ErrorCode::Invalid, "there is no event " + std::to_string(eventId)};
    const TimeUs now = clock.now();
    std::int64_t noteId = 0;
    std::string action = "note.pin";
    if (auto existing = pinOf(db, eventId)) {
        noteId = existing->noteId;
        action = "note.edit";
        Statement up = db.prepare("UPDATE notes SET body = ?, author = ? WHERE id = ?");
        up.bindText(1, note).bindText(2, actor).bind(3, noteId);
        up.run();
    } else {
        Statement ins = db.prepare("INSERT INTO notes (author, created_at, body, event_id) VALUES (?, ?, ?, ?)");
        ins.bindText(1, actor).bind(2, now).bindText(3, note).bind(4, eventId);
        ins.run();
        noteId = db.lastInsertRowId();
    }
    AuditLog::record(db, now, {actor, action, "note", noteId, {{"event", eventId}}});
    txn.commit();
    return noteId;
}

Status unpinEvent(Database &db, const Clock &clock, const std::string &actor, std::int64_t eventId)
{
    if (actor.empty())
        return Error{ErrorCode::Invalid, "unpinning an event needs the name of the person doing it"};
    WriteTransaction txn(db);
    const auto pin = pinOf(db, eventId);
    if (!pin)
        return Error{ErrorCode::Invalid, "event " + std::to_string(eventId) + " is not pinned"};
    Statement del = db.prepare("DELETE FROM notes WHERE id = ?");
    del.bind(1, pin->noteId);
    del.run();
    AuditLog::append(db, clock.now(), {actor, "note.unpin", "note", pin->noteId, {{"event", eventId}}}, kDeletedState);
    txn.commit();
    return {};
}

std::optional<Pin> pinOf(Database &db, std::int64_t eventId)
{
    Statement st = db.prepare(std::string(kPinSelect) + " WHERE n.event_id = ? ORDER BY n.id LIMIT 1");
    st.bind(1, eventId);
    if (!st.step())
        return std::nullopt;
    return pinRow(st);
}

std::vector<Pin> incidentTimeline(Database &db)
{
    std::vector<Pin> out;
    Statement st = db.prepare(std::string(kPinSelect) + " ORDER BY e.event_time, e.id");
    while (st.step())
        out.push_back(pinRow(st));
    return out;
}

} // namespace cordon::core
