#include "core/store/feed_definitions.h"

#include "core/audit/audit_log.h"
#include "core/audit/row_encoder.h"

namespace cordon::core {
namespace {

bool hasString(const nlohmann::json &c, const char *key)
{
    return c.contains(key) && c[key].is_string() && !c[key].get<std::string>().empty();
}

std::optional<std::int64_t> idOf(Database &db, const std::string &name)
{
    Statement st = db.prepare("SELECT id FROM feeds WHERE name = ?");
    st.bindText(1, name);
    return st.step() ? std::optional(st.int64(0)) : std::nullopt;
}

} // namespace

Status validateFeed(const FeedDefinition &f)
{
    if (f.name.empty())
        return Error{ErrorCode::Invalid, "a feed needs a name"};
    const auto &c = f.config;
    if (!c.is_object())
        return Error{ErrorCode::Invalid, "a feed's configuration is a JSON object"};
    if (f.kind == "http" || f.kind == "syslog_udp" || f.kind == "syslog_tcp") {
        if (!hasString(c, "listen"))
            return Error{ErrorCode::Invalid, "feed " + f.name + " needs \"listen\": ADDRESS:PORT"};
    } else if (f.kind == "tail") {
        if (!hasString(c, "path"))
            return Error{ErrorCode::Invalid, "feed " + f.name + " needs \"path\": the file to follow"};
    } else if (f.kind == "alertmanager_pull") {
        if (!hasString(c, "url"))
            return Error{ErrorCode::Invalid, "feed " + f.name + " needs \"url\": Alertmanager's base URL"};
    } else {
        return Error{ErrorCode::Invalid, "feed kind \"" + f.kind + "\" is not http, syslog_udp, syslog_tcp, tail or alertmanager_pull"};
    }
    if (hasString(c, "auth")) {
        const std::string auth = c["auth"].get<std::string>();
        const auto colon = auth.find(':');
        const std::string source = colon == std::string::npos ? "" : auth.substr(colon + 1);
        if (auth != "none" && !source.starts_with("env:") && !source.starts_with("file:"))
            return Error{ErrorCode::Invalid, "feed " + f.name + ": the secret must be named as env:NAME or file:PATH; "
                                                                "secrets are not stored in the case file"};
    }
    return {};
}

namespace feed_store {

std::vector<FeedDefinition> list(Database &db)
{
    std::vector<FeedDefinition> out;
    Statement st = db.prepare("SELECT id, name, kind, config, enabled FROM feeds ORDER BY name");
    while (st.step()) {
        FeedDefinition f;
        f.id = st.int64(0);
        f.name = st.text(1);
        f.kind = st.text(2);
        f.config = nlohmann::json::parse(st.text(3), nullptr, false);
        f.enabled = st.int64(4) != 0;
        out.push_back(std::move(f));
    }
    return out;
}

Expected<std::int64_t> add(Database &db, const Clock &clock, const std::string &actor, const FeedDefinition &feed)
{
    if (auto valid = validateFeed(feed); !valid)
        return valid.error();
    WriteTransaction txn(db);
    if (idOf(db, feed.name))
        return Error{ErrorCode::Invalid, "the case already has a feed named " + feed.name};
    const TimeUs now = clock.now();
    Statement st = db.prepare(
        "INSERT INTO feeds (name, kind, config, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
    st.bindText(1, feed.name).bindText(2, feed.kind).bindText(3, feed.config.dump()).bind(4, feed.enabled ? 1 : 0);
    st.bind(5, now).bind(6, now);
    st.run();
    const std::int64_t id = db.lastInsertRowId();
    AuditLog::record(db, now, {actor, "feed.add", "feed", id, {{"name", feed.name}, {"kind", feed.kind}}});
    txn.commit();
    return id;
}

Status update(Database &db, const Clock &clock, const std::string &actor, const std::string &name, const FeedDefinition &feed)
{
    if (auto valid = validateFeed(feed); !valid)
        return valid;
    WriteTransaction txn(db);
    const auto id = idOf(db, name);
    if (!id)
        return Error{ErrorCode::Invalid, "the case has no feed named " + name};
    if (feed.name != name && idOf(db, feed.name))
        return Error{ErrorCode::Invalid, "the case already has a feed named " + feed.name};
    const TimeUs now = clock.now();
    Statement st = db.prepare("UPDATE feeds SET name = ?, kind = ?, config = ?, enabled = ?, updated_at = ? WHERE id = ?");
    st.bindText(1, feed.name).bindText(2, feed.kind).bindText(3, feed.config.dump()).bind(4, feed.enabled ? 1 : 0);
    st.bind(5, now).bind(6, *id);
    st.run();
    AuditLog::record(db, now, {actor, "feed.edit", "feed", *id, {{"name", feed.name}, {"was", name}, {"kind", feed.kind}}});
    txn.commit();
    return {};
}

Status setEnabled(Database &db, const Clock &clock, const std::string &actor, const std::string &name, bool enabled)
{
    WriteTransaction txn(db);
    const auto id = idOf(db, name);
    if (!id)
        return Error{ErrorCode::Invalid, "the case has no feed named " + name};
    const TimeUs now = clock.now();
    Statement st = db.prepare("UPDATE feeds SET enabled = ?, updated_at = ? WHERE id = ?");
    st.bind(1, enabled ? 1 : 0).bind(2, now).bind(3, *id);
    st.run();
    AuditLog::record(db, now, {actor, enabled ? "feed.enable" : "feed.disable", "feed", *id, {{"name", name}}});
    txn.commit();
    return {};
}

Status remove(Database &db, const Clock &clock, const std::string &actor, const std::string &name)
{
    WriteTransaction txn(db);
    const auto id = idOf(db, name);
    if (!id)
        return Error{ErrorCode::Invalid, "the case has no feed named " + name};
    Statement st = db.prepare("DELETE FROM feeds WHERE id = ?");
    st.bind(1, *id);
    st.run();
    AuditLog::append(db, clock.now(), {actor, "feed.remove", "feed", *id, {{"name", name}}}, kDeletedState);
    txn.commit();
    return {};
}

} // namespace feed_store
} // namespace cordon::core
