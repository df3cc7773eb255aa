#include "core/response/tasks.h"

#include "core/audit/audit_log.h"
#include "core/util/text.h"

#include <algorithm>
#include <array>

namespace cordon::core::response {
namespace {

constexpr std::array<std::string_view, 3> kStatuses = {"open", "done", "skipped"};
constexpr TimeUs kMinute = 60'000'000;

constexpr const char *kSelect = "SELECT id, title, phase, owner_role, assignee, due_at, status, position, playbook,"
                                " completed_at, completed_by FROM tasks";

Task readTask(const Statement &st)
{
    Task t;
    t.id = st.int64(0);
    t.title = st.text(1);
    t.phase = phaseFromString(st.text(2)).value_or(Phase::Containment);
    if (auto role = st.optText(3))
        t.ownerRole = roleFromString(*role);
    t.assignee = st.optText(4).value_or("");
    t.dueAt = st.optInt64(5);
    t.status = taskStatusFromString(st.text(6)).value_or(TaskStatus::Open);
    t.position = st.int64(7);
    t.playbook = st.optText(8).value_or("");
    t.completedAt = st.optInt64(9);
    t.completedBy = st.optText(10).value_or("");
    return t;
}

std::optional<std::string> roleText(const std::optional<Role> &r)
{
    return r ? std::optional(std::string(toString(*r))) : std::nullopt;
}

std::int64_t nextPosition(Database &db, Phase phase)
{
    Statement st = db.prepare("SELECT COALESCE(MAX(position), 0) + 1 FROM tasks WHERE phase = ?");
    st.bindText(1, toString(phase));
    st.step();
    return st.int64(0);
}

std::int64_t insertTask(Database &db, TimeUs now, const Task &t)
{
    Statement ins = db.prepare("INSERT INTO tasks (title, phase, owner_role, assignee, due_at, status, position,"
                               " created_at, playbook, updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)");
    ins.bindText(1, t.title).bindText(2, toString(t.phase)).bindText(3, roleText(t.ownerRole));
    ins.bindText(4, nonEmpty(t.assignee)).bind(5, t.dueAt).bind(6, nextPosition(db, t.phase)).bind(7, now);
    ins.bindText(8, nonEmpty(t.playbook)).bind(9, now);
    ins.run();
    return db.lastInsertRowId();
}

std::vector<std::string> texts(Database &db, const std::string &sql, const std::optional<double> &arg = {})
{
    std::vector<std::string> out;
    Statement st = db.prepare(sql);
    if (arg)
        st.bind(1, *arg);
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

/// The targets a template's selector picks in this case, with a source note per target.
std::vector<std::pair<std::string, std::string>> selectTargets(Database &db, const ActionTemplate &t,
                                                               const ProposalOptions &o)
{
    std::vector<std::pair<std::string, std::string>> out;
    auto add = [&out](const std::vector<std::string> &values, const std::string &source) {
        for (const auto &v : values)
            out.emplace_back(v, source);
    };
    if (t.targets == "fixed") {
        out.emplace_back(t.target, "");
    } else if (t.targets == "campaign_accounts") {
        add(texts(db, "SELECT DISTINCT en.value FROM campaign_accounts ca JOIN entities en ON en.id = ca.account_id"
                      " ORDER BY en.value"), "");
    } else if (t.targets == "flagged_accounts") {
        add(texts(db, "SELECT en.value FROM account_profiles p JOIN entities en ON en.id = p.account_id"
                      " WHERE p.suspend = 1 ORDER BY p.risk DESC, en.value"), "");
    } else if (t.targets == "suspicious_accounts") {
        add(texts(db, "SELECT en.value FROM account_profiles p JOIN entities en ON en.id = p.account_id"
                      " WHERE p.suspend = 0 AND p.risk >= ? ORDER BY p.risk DESC, en.value", o.suspiciousRisk), "");
    } else if (t.targets == "suffix_clusters") {
        for (const SuffixPattern &p : suffixPatterns(db, o.minClusterAccounts))
            out.emplace_back(p.pattern, "suffix cluster " + std::to_string(p.cluster));
    }
    return out;
}

std::vector<ActionProposal> playbookProposals(Database &db, const Playbook &p, const ProposalOptions &o)
{
    std::vector<ActionProposal> out;
    for (const ActionTemplate &t : p.actions) {
        const ActionType *type = findActionType(t.type);
        const bool takesReason = std::any_of(type->parameters.begin(), type->parameters.end(),
                                             [](const ActionParameter &pa) { return pa.name == "reason"; });
        const bool takesSource = std::any_of(type->parameters.begin(), type->parameters.end(),
                                             [](const ActionParameter &pa) { return pa.name == "source"; });
        for (const auto &[target, source] : selectTargets(db, t, o)) {
            nlohmann::json parameters = t.parameters;
            if (takesReason && !parameters.contains("reason"))
                parameters["reason"] = "playbook: " + p.title;
            if (takesSource && !source.empty())
                parameters["source"] = source;
            out.push_back({t.type, target, parameters, "playbook " + p.title + (source.empty() ? "" : " (" + source + ")"),
                           "playbook:" + p.id, {}, {}});
        }
    }
    return out;
}

Status needsActor(const std::string &actor)
{
    return requireName(actor, "changing the response checklist");
}

} // namespace

std::string_view toString(TaskStatus s)
{
    return kStatuses[static_cast<std::size_t>(s)];
}

std::optional<TaskStatus> taskStatusFromString(std::string_view s)
{
    for (std::size_t i = 0; i < kStatuses.size(); ++i) {
        if (kStatuses[i] == s)
            return static_cast<TaskStatus>(i);
    }
    return std::nullopt;
}

Expected<PlaybookApplication> applyPlaybook(Database &db, const Clock &clock, const std::string &playbookId,
                                            const std::string &actor, const ProposalOptions &options)
{
    if (auto s = needsActor(actor); !s)
        return s.error();
    const Playbook *p = findPlaybook(playbookId);
    if (!p)
        return Error{ErrorCode::Invalid, "there is no playbook " + playbookId};
    PlaybookApplication applied;
    {
        WriteTransaction txn(db);
        Statement done = db.prepare("SELECT 1 FROM tasks WHERE playbook = ? LIMIT 1");
        done.bindText(1, p->id);
        if (done.step())
            return Error{ErrorCode::Invalid, "the " + p->title + " playbook has already been applied to this case"};
        done.reset();
        const TimeUs now = clock.now();
        Statement declared = db.prepare("SELECT declared_at FROM case_info WHERE id = 1");
        const auto declaredAt = declared.step() ? declared.optInt64(0) : std::nullopt;
        applied.anchorIsDeclared = declaredAt.has_value();
        applied.anchor = declaredAt.value_or(now);
        for (const PlaybookPhase &phase : p->phases) {
            for (const PlaybookTask &pt : phase.tasks) {
                Task t;
                t.title = pt.title;
                t.phase = phase.phase;
                t.ownerRole = pt.owner;
                t.dueAt = applied.anchor + phase.toMinutes * kMinute;
                t.playbook = p->id;
                const std::int64_t id = insertTask(db, now, t);
                AuditLog::record(db, now, {actor, "task.add", "task", id, {{"playbook", p->id}}});
                ++applied.tasks;
            }
        }
        AuditLog::record(db, now, {actor, "playbook.apply", "case", 1, {{"playbook", p->id}, {"tasks", applied.tasks}}});
        txn.commit();
    }
    applied.actions = proposeAll(db, clock, playbookProposals(db, *p, options), actor);
    return applied;
}

std::vector<Task> listTasks(Database &db)
{
    std::vector<Task> out;
    Statement st = db.prepare(kSelect);
    while (st.step())
        out.push_back(readTask(st));
    std::sort(out.begin(), out.end(), [](const Task &a, const Task &b) {
        return std::tie(a.phase, a.position, a.id) < std::tie(b.phase, b.position, b.id);
    });
    return out;
}

std::optional<Task> findTask(Database &db, std::int64_t id)
{
    Statement st = db.prepare(std::string(kSelect) + " WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readTask(st);
}

Expected<std::int64_t> addTask(Database &db, const Clock &clock, const std::string &actor, const Task &task)
{
    if (auto s = needsActor(actor); !s)
        return s.error();
    if (isBlank(task.title))
        return Error{ErrorCode::Invalid, "a task needs a title"};
    WriteTransaction txn(db);
    const TimeUs now = clock.now();
    Task t = task;
    t.playbook.clear();
    const std::int64_t id = insertTask(db, now, t);
    AuditLog::record(db, now, {actor, "task.add", "task", id, {{"title", t.title}}});
    txn.commit();
    return id;
}

Status updateTask(Database &db, const Clock &clock, const std::string &actor, const Task &task)
{
    if (auto s = needsActor(actor); !s)
        return s;
    if (isBlank(task.title))
        return Error{ErrorCode::Invalid, "a task needs a title"};
    WriteTransaction txn(db);
    const auto before = findTask(db, task.id);
    if (!before)
        return Error{ErrorCode::Invalid, "there is no task " + std::to_string(task.id)};
    const TimeUs now = clock.now();
    // A task moved to another phase goes to the end of that phase.
    const std::int64_t position = before->phase == task.phase ? before->position : nextPosition(db, task.phase);
    Statement up = db.prepare("UPDATE tasks SET title = ?, phase = ?, owner_role = ?, assignee = ?, due_at = ?,"
                              " position = ?, updated_at = ? WHERE id = ?");
    up.bindText(1, task.title).bindText(2, toString(task.phase)).bindText(3, roleText(task.ownerRole));
    up.bindText(4, nonEmpty(task.assignee)).bind(5, task.dueAt).bind(6, position).bind(7, now).bind(8, task.id);
    up.run();
    AuditLog::record(db, now, {actor, "task.change", "task", task.id, {{"title", task.title}}});
    txn.commit();
    return {};
}

Status setTaskStatus(Database &db, const Clock &clock, const std::string &actor, std::int64_t id, TaskStatus status)
{
    if (auto s = needsActor(actor); !s)
        return s;
    WriteTransaction txn(db);
    const auto before = findTask(db, id);
    if (!before)
        return Error{ErrorCode::Invalid, "there is no task " + std::to_string(id)};
    if (before->status == status)
        return Error{ErrorCode::Invalid, "task " + std::to_string(id) + " is already " + std::string(toString(status))};
    const TimeUs now = clock.now();
    const bool closed = status != TaskStatus::Open;
    Statement up = db.prepare("UPDATE tasks SET status = ?, completed_at = ?, completed_by = ?, updated_at = ? WHERE id = ?");
    up.bindText(1, toString(status)).bind(2, closed ? std::optional(now) : std::nullopt);
    up.bindText(3, closed ? std::optional(actor) : std::nullopt).bind(4, now).bind(5, id);
    up.run();
    const char *verb = status == TaskStatus::Done ? "task.done" : status == TaskStatus::Skipped ? "task.skip" : "task.reopen";
    AuditLog::record(db, now, {actor, verb, "task", id, {{"from", toString(before->status)}, {"to", toString(status)}}});
    txn.commit();
    return {};
}

Status moveTask(Database &db, const Clock &clock, const std::string &actor, std::int64_t id, int steps)
{
    if (auto s = needsActor(actor); !s)
        return s;
    WriteTransaction txn(db);
    const auto task = findTask(db, id);
    if (!task)
        return Error{ErrorCode::Invalid, "there is no task " + std::to_string(id)};
    std::vector<Task> phase;
    for (Task &t : listTasks(db)) {
        if (t.phase == task->phase)
            phase.push_back(std::move(t));
    }
    const auto at = std::find_if(phase.begin(), phase.end(), [id](const Task &t) { return t.id == id; }) - phase.begin();
    const auto to = std::clamp<std::ptrdiff_t>(at + steps, 0, static_cast<std::ptrdiff_t>(phase.size()) - 1);
    if (to == at)
        return Error{ErrorCode::Invalid, "task " + std::to_string(id) + " cannot move further"};
    std::rotate(to < at ? phase.begin() + to : phase.begin() + at, to < at ? phase.begin() + at : phase.begin() + at + 1,
                to < at ? phase.begin() + at + 1 : phase.begin() + to + 1);
    const TimeUs now = clock.now();
    Statement up = db.prepare("UPDATE tasks SET position = ?, updated_at = ? WHERE id = ?");
    for (std::size_t i = 0; i < phase.size(); ++i) {
        if (phase[i].position == static_cast<std::int64_t>(i + 1))
            continue;
        up.bind(1, static_cast<std::int64_t>(i + 1)).bind(2, now).bind(3, phase[i].id);
        up.run();
        up.reset();
        AuditLog::record(db, now, {actor, "task.move", "task", phase[i].id, {{"position", i + 1}}});
    }
    txn.commit();
    return {};
}

} // namespace cordon::core::response
