#include "core/ingest/json_documents.h"

#include <algorithm>
#include <fstream>
#include <sys/stat.h>

namespace cordon::core {

std::size_t jsonValueLength(std::string_view text)
{
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[')
            ++depth;
        else if ((c == '}' || c == ']') && --depth == 0)
            return i + 1;
    }
    return text.size();
}

bool isLineOriented(std::string_view head)
{
    const auto first = head.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return true;
    if (head[first] != '{' && head[first] != '[')
        return true;
    // JSON lines: the first value closes on its first line (or the head is one long line).
    const std::string_view rest = head.substr(first);
    const auto newline = rest.find('\n');
    return newline == std::string_view::npos || jsonValueLength(rest) <= newline;
}

Expected<DocumentReader> DocumentReader::open(const std::string &path, std::uint64_t maxBytes)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return Error{ErrorCode::Io, "cannot read " + path};
    if (static_cast<std::uint64_t>(st.st_size) > maxBytes)
        return Error{ErrorCode::Invalid,
                     path + " is one JSON document of " + std::to_string(st.st_size / (1024 * 1024))
                         + " MiB, more than the " + std::to_string(maxBytes / (1024 * 1024))
                         + " MiB read whole; convert it to JSON lines (one record per line), which streams"};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{ErrorCode::Io, "cannot open " + path};
    DocumentReader reader;
    reader.m_text.resize(static_cast<std::size_t>(st.st_size));
    in.read(reader.m_text.data(), static_cast<std::streamsize>(reader.m_text.size()));
    reader.m_text.resize(static_cast<std::size_t>(in.gcount()));
    return reader;
}

bool DocumentReader::next(Line &record)
{
    const std::string_view text(m_text);
    while (m_pos < text.size() && (text[m_pos] == ' ' || text[m_pos] == '\t' || text[m_pos] == '\r' || text[m_pos] == '\n')) {
        if (text[m_pos] == '\n')
            ++m_line;
        ++m_pos;
    }
    if (m_pos >= text.size())
        return false;
    std::size_t length = 0;
    if (text[m_pos] == '{' || text[m_pos] == '[')
        length = jsonValueLength(text.substr(m_pos));
    else
        length = std::min(text.find('\n', m_pos), text.size()) - m_pos;
    record = Line{};
    record.text = text.substr(m_pos, length);
    record.number = m_line;
    record.offset = m_pos;
    record.size = length;
    m_line += static_cast<std::uint64_t>(std::count(record.text.begin(), record.text.end(), '\n'));
    m_pos += length;
    return true;
}

} // namespace cordon::core
