#include "core/review/notes.h"

#include "core/audit/audit_log.h"
#include "core/util/text.h"

namespace cordon::core {

Expected<std::int64_t> addNote(Database &db, const Clock &clock, const std::string &author, const std::string &body)
{
    if (author.empty())
        return Error{ErrorCode::Invalid, "a note needs the name of the person writing it"};
    if (isBlank(body))
        return Error{ErrorCode::Invalid, "the note is empty"};
    WriteTransaction txn(db);
    const TimeUs now = clock.now();
    Statement ins = db.prepare("INSERT INTO notes (author, created_at, body) VALUES (?, ?, ?)");
    ins.bindText(1, author).bind(2, now).bindText(3, body);
    ins.run();
    const std::int64_t id = db.lastInsertRowId();
    AuditLog::record(db, now, {author, "note.add", "note", id, {}});
    txn.commit();
    return id;
}

std::vector<Note> newestNotes(Database &db, int limit)
{
    std::vector<Note> out;
    Statement st = db.prepare("SELECT id, author, created_at, body, event_id FROM notes ORDER BY created_at DESC, id DESC LIMIT ?");
    st.bind(1, limit);
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(3), st.int64(2), st.optInt64(4)});
    return out;
}

} // namespace cordon::core
