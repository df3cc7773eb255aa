#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cordon::core {

/// Thrown inside the store layer; public engine APIs turn it into an Error.
class SqlError : public std::runtime_error {
public:
    SqlError(int code, const std::string &message) : std::runtime_error(message), m_code(code) {}
    int code() const { return m_code; }
    int primaryCode() const { return m_code & 0xff; }

private:
    int m_code;
};

class Database;
class StatementCache;

/// A prepared statement; finalised on destruction. Columns and parameters are 0/1-based as
/// in SQLite: bind() takes 1-based indexes, column accessors 0-based.
class Statement {
public:
    Statement() = default;
    Statement(sqlite3 *db, std::string_view sql);
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bindText(int index, std::string_view value);
    Statement &bindBlob(int index, const void *data, std::size_t size);
    /// Binds without copying: `value` must stay alive and unchanged until the next step().
    Statement &bindTextNoCopy(int index, std::string_view value);
    Statement &bindTextNoCopy(int index, const std::optional<std::string> &value);
    Statement &bindNull(int index);
    Statement &bind(int index, const std::optional<std::int64_t> &value);
    Statement &bindText(int index, const std::optional<std::string> &value);
    Statement &bindText(int index, const std::string &value) { return bindText(index, std::string_view(value)); }
    Statement &bindText(int index, const char *value) { return bindText(index, std::string_view(value)); }

    /// Steps once: true while a row is available, false when done. Throws on error.
    bool step();
    /// Steps a statement that returns no rows.
    void run();
    /// Rewinds the statement for another run and clears every binding, so no value from
    /// the last run leaks into the next: bind all parameters again before stepping.
    void reset();

    int columnCount() const;
    const char *columnName(int col) const;
    int columnType(int col) const;
    bool isNull(int col) const { return columnType(col) == SQLITE_NULL; }
    std::int64_t int64(int col) const;
    double real(int col) const;
    std::string text(int col) const;
    std::string_view textView(int col) const;
    std::string_view blobView(int col) const;
    std::optional<std::int64_t> optInt64(int col) const;
    std::optional<std::string> optText(int col) const;

    sqlite3_stmt *handle() const { return m_stmt; }

private:
    void check(int rc);
    sqlite3_stmt *m_stmt = nullptr;
    sqlite3 *m_db = nullptr;
};

/// A statement lent by its connection's cache (Database::cached): prepared once per connection
/// and SQL text. While lent it is out of the cache, so a nested use of the same SQL prepares
/// its own; when this goes out of scope the statement is reset (its bindings cleared, any read
/// it held released) and goes back.
class CachedStatement {
public:
    CachedStatement(CachedStatement &&other) noexcept;
    CachedStatement &operator=(CachedStatement &&) = delete;
    CachedStatement(const CachedStatement &) = delete;
    CachedStatement &operator=(const CachedStatement &) = delete;
    ~CachedStatement();

    Statement &operator*() { return m_statement; }
    Statement *operator->() { return &m_statement; }

private:
    friend class Database;
    CachedStatement(StatementCache *cache, std::string sql, Statement statement);

    StatementCache *m_cache;
    std::string m_sql;
    Statement m_statement;
};

/// Owns one sqlite3 connection. Not shareable between threads; each thread opens its own.
class Database {
public:
    enum class Access {
        ReadOnly,
        ReadWrite,
        ReadWriteCreate,
        /// Read-only without the WAL index: for a case in a folder we cannot write, where SQLite
        /// cannot create the -shm file. Safe only while no writer can exist (none can without
        /// that folder), and the caller checks that no -wal file is present.
        ReadOnlyImmutable,
    };

    Database();
    /// Opens with SQLITE_OPEN_NOFOLLOW (symlinks are refused) and extended error codes.
    Database(const std::string &path, Access access);
    ~Database();
    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(m_db, sql); }
    /// A statement prepared once for this connection: for SQL run again and again (every
    /// commit, every audit entry), where preparing each time costs more than running it.
    CachedStatement cached(std::string_view sql);
    /// Runs a query expected to return one integer (PRAGMA user_version, COUNT, ...).
    std::int64_t queryInt(std::string_view sql);
    std::int64_t lastInsertRowId() const;
    int changes() const;
    sqlite3 *handle() const { return m_db; }
    bool isOpen() const { return m_db != nullptr; }
    const std::string &path() const { return m_path; }

private:
    void close();

    sqlite3 *m_db = nullptr;
    std::string m_path;
    std::unique_ptr<StatementCache> m_cache;   // its statements are finalised before the close
};

/// A write transaction taken with BEGIN IMMEDIATE (the write lock up front, so a busy case
/// fails at the start instead of half way). Rolls back unless commit() was called.
class WriteTransaction {
public:
    explicit WriteTransaction(Database &db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;
    void commit();

private:
    Database &m_db;
    bool m_open = true;
};

/// Asks SQLite to keep all its connections' memory (page caches above all) near `bytes`,
/// evicting cached pages when over: a window with several read connections and a busy writer
/// stays within its memory budget. A soft limit: nothing fails when it is exceeded.
void limitHeap(std::int64_t bytes);

} // namespace cordon::core
