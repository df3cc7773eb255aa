#pragma once

#include "core/response/playbooks.h"
#include "core/response/proposals.h"

namespace cordon::core::response {

enum class TaskStatus { Open, Done, Skipped };
std::string_view toString(TaskStatus s);
std::optional<TaskStatus> taskStatusFromString(std::string_view s);

/// One item of the response checklist, from a playbook or added by hand.
struct Task {
    std::int64_t id = 0;
    std::string title;
    Phase phase = Phase::Containment;
    std::optional<Role> ownerRole;
    std::string assignee;
    std::optional<TimeUs> dueAt;
    TaskStatus status = TaskStatus::Open;
    std::int64_t position = 0;   ///< order within its phase
    std::string playbook;        ///< the playbook it came from; empty when added by hand
    std::optional<TimeUs> completedAt;
    std::string completedBy;

    bool overdue(TimeUs now) const { return status == TaskStatus::Open && dueAt && *dueAt < now; }
};

/// What applying a playbook did.
struct PlaybookApplication {
    int tasks = 0;
    ProposalRun actions;
    TimeUs anchor = 0;            ///< the time the tasks' due times count from
    bool anchorIsDeclared = false;   ///< false: the incident was not declared yet, "now" was used
};

/// Creates the playbook's tasks, each due at the end of its phase's time box counted from the
/// incident's declared time (now when it has not been declared), and proposes its actions
/// against what forensics found. A playbook is applied once per case. Audited.
Expected<PlaybookApplication> applyPlaybook(Database &db, const Clock &clock, const std::string &playbookId,
                                            const std::string &actor, const ProposalOptions &options = {});

/// Every task, by phase and then position.
std::vector<Task> listTasks(Database &db);
std::optional<Task> findTask(Database &db, std::int64_t id);
/// Adds a task at the end of its phase (audited task.add); returns its id.
Expected<std::int64_t> addTask(Database &db, const Clock &clock, const std::string &actor, const Task &task);
/// Changes title, phase, owner, assignee and due time (audited task.change).
Status updateTask(Database &db, const Clock &clock, const std::string &actor, const Task &task);
/// Marks a task done, skipped or open again (audited task.done / task.skip / task.reopen).
Status setTaskStatus(Database &db, const Clock &clock, const std::string &actor, std::int64_t id, TaskStatus status);
/// Moves a task up (steps < 0) or down within its phase (audited task.move).
Status moveTask(Database &db, const Clock &clock, const std::string &actor, std::int64_t id, int steps);

} // namespace cordon::core::response
