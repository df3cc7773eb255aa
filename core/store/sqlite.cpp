#include "core/store/sqlite.h"

#include <unordered_map>
#include <utility>

namespace cordon::core {
namespace {

[[noreturn]] void throwFor(sqlite3 *db, int rc, std::string_view context)
{
    std::string message(context);
    if (!message.empty())
        message += ": ";
    message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw SqlError(db ? sqlite3_extended_errcode(db) : rc, message);
}

} // namespace

/// The statements a connection has prepared for reuse, by SQL text.
class StatementCache {
public:
    /// Beyond this many distinct texts, a returned statement is finalised instead of kept.
    static constexpr std::size_t kLimit = 128;

    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
    };
    std::unordered_map<std::string, Statement, Hash, std::equal_to<>> statements;
};

Statement::Statement(sqlite3 *db, std::string_view sql) : m_db(db)
{
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (rc != SQLITE_OK)
        throwFor(db, rc, std::string("preparing \"").append(sql.substr(0, 80)).append("\""));
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement &&other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)), m_db(other.m_db)
{
}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_db = other.m_db;
    }
    return *this;
}

void Statement::check(int rc)
{
    if (rc != SQLITE_OK)
        throwFor(m_db, rc, "binding a parameter");
}

Statement &Statement::bind(int index, std::int64_t value)
{
    check(sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    check(sqlite3_bind_double(m_stmt, index, value));
    return *this;
}

Statement &Statement::bindText(int index, std::string_view value)
{
    check(sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement &Statement::bindTextNoCopy(int index, std::string_view value)
{
    check(sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8));
    return *this;
}

Statement &Statement::bindTextNoCopy(int index, const std::optional<std::string> &value)
{
    return value ? bindTextNoCopy(index, std::string_view(*value)) : bindNull(index);
}

Statement &Statement::bindBlob(int index, const void *data, std::size_t size)
{
    // A zero-length blob must still be a blob, not NULL.
    check(sqlite3_bind_blob64(m_stmt, index, size ? data : "", size, SQLITE_TRANSIENT));
    return *this;
}

Statement &Statement::bindNull(int index)
{
    check(sqlite3_bind_null(m_stmt, index));
    return *this;
}

Statement &Statement::bind(int index, const std::optional<std::int64_t> &value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Statement &Statement::bindText(int index, const std::optional<std::string> &value)
{
    return value ? bindText(index, std::string_view(*value)) : bindNull(index);
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throwFor(m_db, rc, "");
}

void Statement::run()
{
    while (step()) {
    }
    reset();
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int Statement::columnCount() const { return sqlite3_column_count(m_stmt); }
const char *Statement::columnName(int col) const { return sqlite3_column_name(m_stmt, col); }
int Statement::columnType(int col) const { return sqlite3_column_type(m_stmt, col); }
std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
double Statement::real(int col) const { return sqlite3_column_double(m_stmt, col); }

std::string_view Statement::textView(int col) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, col));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string_view();
}

std::string Statement::text(int col) const { return std::string(textView(col)); }

std::string_view Statement::blobView(int col) const
{
    const auto *p = static_cast<const char *>(sqlite3_column_blob(m_stmt, col));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string_view();
}

std::optional<std::int64_t> Statement::optInt64(int col) const
{
    if (isNull(col))
        return std::nullopt;
    return int64(col);
}

std::optional<std::string> Statement::optText(int col) const
{
    if (isNull(col))
        return std::nullopt;
    return text(col);
}

Database::Database() = default;

Database::Database(const std::string &path, Access access) : m_path(path)
{
    int flags = SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    switch (access) {
    case Access::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
    case Access::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case Access::ReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case Access::ReadOnlyImmutable: flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI; break;
    }
    std::string name = path;
    if (access == Access::ReadOnlyImmutable) {
        name = "file:";
        for (char c : path) {
            if (c == '%' || c == '?' || c == '#')
                name += c == '%' ? "%25" : c == '?' ? "%3f" : "%23";
            else
                name += c;
        }
        name += "?immutable=1";
    }
    const int rc = sqlite3_open_v2(name.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        const int code = m_db ? sqlite3_extended_errcode(m_db) : rc;
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        throw SqlError(code, message);
    }
    sqlite3_extended_result_codes(m_db, 1);
}

Database::~Database()
{
    close();
}

void Database::close()
{
    m_cache.reset();
    sqlite3_close_v2(m_db);
    m_db = nullptr;
}

Database::Database(Database &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)), m_cache(std::move(other.m_cache))
{
}

Database &Database::operator=(Database &&other) noexcept
{
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
        m_cache = std::move(other.m_cache);
    }
    return *this;
}

CachedStatement Database::cached(std::string_view sql)
{
    if (!m_cache)
        m_cache = std::make_unique<StatementCache>();
    auto &statements = m_cache->statements;
    if (auto it = statements.find(sql); it != statements.end()) {
        auto node = statements.extract(it);
        return CachedStatement(m_cache.get(), std::move(node.key()), std::move(node.mapped()));
    }
    return CachedStatement(m_cache.get(), std::string(sql), prepare(sql));
}

CachedStatement::CachedStatement(StatementCache *cache, std::string sql, Statement statement)
    : m_cache(cache), m_sql(std::move(sql)), m_statement(std::move(statement))
{
}

CachedStatement::CachedStatement(CachedStatement &&other) noexcept
    : m_cache(std::exchange(other.m_cache, nullptr)), m_sql(std::move(other.m_sql)),
      m_statement(std::move(other.m_statement))
{
}

CachedStatement::~CachedStatement()
{
    if (!m_cache || !m_statement.handle())
        return;
    m_statement.reset();
    if (m_cache->statements.size() < StatementCache::kLimit)
        m_cache->statements.try_emplace(std::move(m_sql), std::move(m_statement));
}

void Database::exec(std::string_view sql)
{
    char *err = nullptr;
    const std::string copy(sql);
    const int rc = sqlite3_exec(m_db, copy.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string message = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw SqlError(sqlite3_extended_errcode(m_db), message);
    }
}

std::int64_t Database::queryInt(std::string_view sql)
{
    CachedStatement st = cached(sql);
    return st->step() ? st->int64(0) : 0;
}

std::int64_t Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }

WriteTransaction::WriteTransaction(Database &db) : m_db(db)
{
    m_db.cached("BEGIN IMMEDIATE")->run();
}

WriteTransaction::~WriteTransaction()
{
    if (m_open) {
        try {
            m_db.exec("ROLLBACK");
        } catch (const SqlError &) {
            // The transaction may already be gone (SQLite rolls back on some errors itself).
        }
    }
}

void WriteTransaction::commit()
{
    m_db.cached("COMMIT")->run();
    m_open = false;
}

void limitHeap(std::int64_t bytes)
{
    sqlite3_soft_heap_limit64(bytes);
}

} // namespace cordon::core
