#include "core/detect/protected_text.h"

#include "core/audit/audit_log.h"

#include <cctype>
#include <deque>
#include <vector>

namespace cordon::core {
namespace {

/// Calls fn with the FNV-1a hash of every run of kShingleWords words, words being runs of
/// letters and digits compared case-insensitively, so punctuation and spacing do not hide
/// a copy.
template<class Fn>
void forEachShingle(std::string_view text, Fn &&fn)
{
    std::deque<std::uint64_t> words;
    std::uint64_t word = 0;
    bool inWord = false;
    auto endWord = [&] {
        if (!inWord)
            return;
        inWord = false;
        words.push_back(word);
        word = 0;
        if (words.size() > ProtectedText::kShingleWords)
            words.pop_front();
        if (words.size() == ProtectedText::kShingleWords) {
            std::uint64_t h = 1469598103934665603ULL;
            for (std::uint64_t w : words) {
                h ^= w;
                h *= 1099511628211ULL;
            }
            fn(h);
        }
    };
    for (unsigned char c : text) {
        if (std::isalnum(c) || c >= 0x80) {
            if (!inWord)
                word = 1469598103934665603ULL;
            inWord = true;
            word ^= static_cast<std::uint64_t>(std::tolower(c));
            word *= 1099511628211ULL;
        } else {
            endWord();
        }
    }
    endWord();
}

} // namespace

void ProtectedText::add(std::string_view text)
{
    forEachShingle(text, [this](std::uint64_t h) { m_shingles.insert(h); });
}

std::size_t ProtectedText::matches(std::string_view output) const
{
    std::size_t n = 0;
    if (!m_shingles.empty())
        forEachShingle(output, [&](std::uint64_t h) { n += m_shingles.count(h); });
    return n;
}

ProtectedText ProtectedText::load(Database &db)
{
    ProtectedText p;
    Statement st = db.prepare("SELECT value FROM indicators WHERE type = 'protected_text'");
    while (st.step())
        p.add(st.textView(0));
    return p;
}

Expected<std::int64_t> ProtectedText::store(Database &db, const Clock &clock, const std::string &actor,
                                            const std::string &name, const std::string &text)
{
    ProtectedText probe;
    probe.add(text);
    if (probe.empty())
        return Error{ErrorCode::Invalid, name + " has fewer than " + std::to_string(kShingleWords)
                                             + " words; a verbatim leak could not be told from chance"};
    WriteTransaction txn(db);
    const TimeUs now = clock.now();
    Statement st = db.prepare(
        "INSERT INTO indicators (type, value, source, confidence, created_at, name) VALUES ('protected_text', ?, ?, 100, ?, ?)"
        " ON CONFLICT (type, value, source) DO NOTHING");
    st.bindText(1, text).bindText(2, "protected:" + name).bind(3, now).bindText(4, name);
    st.run();
    if (db.changes() == 0)
        return Error{ErrorCode::Invalid, "the case already protects this text as " + name};
    const std::int64_t id = db.lastInsertRowId();
    AuditLog::record(db, now, {actor, "indicator.protect_text", "indicator", id,
                               {{"name", name}, {"bytes", text.size()}}});
    txn.commit();
    return id;
}

} // namespace cordon::core
