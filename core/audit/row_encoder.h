#pragma once

#include "core/store/sqlite.h"
#include "core/util/sha256.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace cordon::core {

/// Writes the canonical encoding of one table row into a SHA-256 stream. The same bytes are
/// produced when a row is written (from the values bound) and when `verify` reads it back
/// (from SELECT *), so a change to any stored value changes the hash.
///
/// Encoding (documented in docs/audit-chain.md): 'R', the table name, then every non-NULL
/// column in ascending name order as name, a type tag and the value, each length-prefixed;
/// then 'E'. NULL columns are left out so that a migration adding a nullable column keeps
/// old hashes valid. Callers must add columns in ascending name order (checked).
class RowEncoder {
public:
    RowEncoder(Sha256 &sink, std::string_view table);
    RowEncoder &integer(std::string_view column, std::int64_t value);
    RowEncoder &real(std::string_view column, double value);
    RowEncoder &text(std::string_view column, std::string_view value);
    RowEncoder &blob(std::string_view column, std::string_view value);
    RowEncoder &optInteger(std::string_view column, const std::optional<std::int64_t> &value);
    RowEncoder &optText(std::string_view column, const std::optional<std::string> &value);
    void finish();

private:
    void name(std::string_view column, std::uint8_t type);
    Sha256 &m_sink;
    std::string m_last;
};

/// Encodes the current row of a `SELECT *` statement; builds the column order once.
class StatementRowHasher {
public:
    StatementRowHasher(const Statement &statement, std::string_view table);
    void encode(const Statement &statement, Sha256 &sink) const;

private:
    std::string m_table;
    std::vector<int> m_order;       // column indexes in ascending name order
    std::vector<std::string> m_names;
};

/// The state hash of one row (table, id) as it is now; all zero bytes when the row is absent.
Digest rowStateHash(Database &db, std::string_view table, std::int64_t id);

/// The state hash recorded for a deleted object.
inline constexpr Digest kDeletedState{};

} // namespace cordon::core
