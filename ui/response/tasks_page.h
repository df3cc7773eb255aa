#pragma once

#include "core/response/tasks.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTreeWidget;
class QUndoStack;

namespace cordon::ui {

class ResponseDesk;

/// The response checklist: tasks by phase with their owner role, assignee and due time,
/// overdue ones in red. Apply a playbook, add and edit tasks, mark them done or skipped (with
/// undo), and reorder them within their phase.
class TasksPage : public QWidget {
    Q_OBJECT
public:
    TasksPage(ResponseDesk &desk, QUndoStack &undo, QWidget *parent = nullptr);

    QTreeWidget *tree() const { return m_tree; }
    /// The step behind Done, Skip and Reopen; undoable.
    void setStatus(std::int64_t taskId, core::response::TaskStatus status);
    void applyPlaybook(const QString &playbookId);
    void setNow(core::TimeUs now);

private:
    void showSnapshot();
    void updateButtons();
    std::int64_t currentTask() const;
    const core::response::Task *task(std::int64_t id) const;
    void addOrEdit(bool edit);
    void move(int steps);

    ResponseDesk &m_desk;
    QUndoStack &m_undo;
    QTreeWidget *m_tree;
    QComboBox *m_playbooks;
    QLabel *m_summary;
    QPushButton *m_apply, *m_add, *m_edit, *m_done, *m_skip, *m_reopen, *m_up, *m_down;
    core::TimeUs m_now = 0;
    QString m_offeredFor;   ///< the case whose incident type chose the playbook offered
};

} // namespace cordon::ui
