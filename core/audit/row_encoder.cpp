#include "core/audit/row_encoder.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <numeric>
#include <stdexcept>

namespace cordon::core {
namespace {

enum : std::uint8_t { kInteger = 1, kReal = 2, kText = 3, kBlob = 4 };

void putU64(Sha256 &sink, std::uint64_t v)
{
    std::uint8_t b[8];
    for (int i = 7; i >= 0; --i, v >>= 8)
        b[i] = static_cast<std::uint8_t>(v & 0xff);
    sink.update(b, 8);
}

void putBytes(Sha256 &sink, std::string_view bytes)
{
    putU64(sink, bytes.size());
    sink.update(bytes);
}

} // namespace

RowEncoder::RowEncoder(Sha256 &sink, std::string_view table) : m_sink(sink)
{
    m_sink.update("R", 1);
    putBytes(m_sink, table);
}

void RowEncoder::name(std::string_view column, std::uint8_t type)
{
    if (!m_last.empty() && column <= m_last)
        throw std::logic_error("RowEncoder: columns out of order at " + std::string(column));
    m_last.assign(column);
    putBytes(m_sink, column);
    m_sink.update(&type, 1);
}

RowEncoder &RowEncoder::integer(std::string_view column, std::int64_t value)
{
    name(column, kInteger);
    putU64(m_sink, static_cast<std::uint64_t>(value));
    return *this;
}

RowEncoder &RowEncoder::real(std::string_view column, double value)
{
    name(column, kReal);
    putU64(m_sink, std::bit_cast<std::uint64_t>(value));
    return *this;
}

RowEncoder &RowEncoder::text(std::string_view column, std::string_view value)
{
    name(column, kText);
    putBytes(m_sink, value);
    return *this;
}

RowEncoder &RowEncoder::blob(std::string_view column, std::string_view value)
{
    name(column, kBlob);
    putBytes(m_sink, value);
    return *this;
}

RowEncoder &RowEncoder::optInteger(std::string_view column, const std::optional<std::int64_t> &value)
{
    if (value)
        integer(column, *value);
    return *this;
}

RowEncoder &RowEncoder::optText(std::string_view column, const std::optional<std::string> &value)
{
    if (value)
        text(column, *value);
    return *this;
}

void RowEncoder::finish()
{
    m_sink.update("E", 1);
}

StatementRowHasher::StatementRowHasher(const Statement &statement, std::string_view table)
    : m_table(table)
{
    const int n = statement.columnCount();
    m_names.reserve(n);
    for (int i = 0; i < n; ++i)
        m_names.emplace_back(statement.columnName(i));
    m_order.resize(n);
    std::iota(m_order.begin(), m_order.end(), 0);
    std::sort(m_order.begin(), m_order.end(), [&](int a, int b) { return m_names[a] < m_names[b]; });
}

void StatementRowHasher::encode(const Statement &st, Sha256 &sink) const
{
    RowEncoder enc(sink, m_table);
    for (int col : m_order) {
        switch (st.columnType(col)) {
        case SQLITE_NULL: break;
        case SQLITE_INTEGER: enc.integer(m_names[col], st.int64(col)); break;
        case SQLITE_FLOAT: enc.real(m_names[col], st.real(col)); break;
        case SQLITE_TEXT: enc.text(m_names[col], st.textView(col)); break;
        default: enc.blob(m_names[col], st.blobView(col)); break;
        }
    }
    enc.finish();
}

Digest rowStateHash(Database &db, std::string_view table, std::int64_t id)
{
    CachedStatement st = db.cached("SELECT * FROM " + std::string(table) + " WHERE id = ?");
    st->bind(1, id);
    if (!st->step())
        return kDeletedState;
    Sha256 sink;
    StatementRowHasher(*st, table).encode(*st, sink);
    return sink.finish();
}

} // namespace cordon::core
