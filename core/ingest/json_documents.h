#pragma once

#include "core/ingest/line_reader.h"
#include "core/util/expected.h"

#include <string>
#include <string_view>

namespace cordon::core {

/// The length of the JSON value starting at text[0] ('{' or '['), found by bracket matching
/// outside strings without parsing; text.size() when the value is not closed.
std::size_t jsonValueLength(std::string_view text);

/// Whether text (the start of a file) holds one record per line (JSON lines, syslog) rather
/// than JSON documents that span lines (pretty-printed exports, bundles).
bool isLineOriented(std::string_view head);

/// Reads a file of JSON documents written one after another, pretty-printed or not, and
/// hands each out as a record with the line and byte offset where it starts. Text between
/// documents that is not whitespace is handed out line by line, so it becomes a dead
/// letter rather than vanishing. The file is read whole, so its size is capped.
class DocumentReader {
public:
    static Expected<DocumentReader> open(const std::string &path, std::uint64_t maxBytes);

    bool next(Line &record);
    std::uint64_t bytesRead() const { return m_pos; }
    std::uint64_t fileSize() const { return m_text.size(); }

private:
    std::string m_text;
    std::size_t m_pos = 0;
    std::uint64_t m_line = 1;
};

} // namespace cordon::core
