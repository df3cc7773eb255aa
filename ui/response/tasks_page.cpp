#include "ui/response/tasks_page.h"

#include "ui/case_writes.h"
#include "ui/qt_text.h"
#include "ui/response/clock_text.h"
#include "ui/response/response_desk.h"
#include "ui/time_text.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QToolBar>
#include <QTreeWidget>
#include <QUndoCommand>
#include <QUndoStack>
#include <QVBoxLayout>

#include <map>

namespace cordon::ui {
namespace {

namespace r = core::response;
enum Column { Title, Owner, Assignee, Due, Status, ColumnCount };
constexpr int kTaskIdRole = Qt::UserRole + 1;

/// A task's status change; undo puts the previous status back (both audited).
class TaskStatusCommand : public QUndoCommand {
public:
    TaskStatusCommand(ResponseDesk &desk, std::int64_t id, r::TaskStatus from, r::TaskStatus to, const QString &title)
        : QUndoCommand(QObject::tr("Mark “%1” %2").arg(title, qstr(toString(to)))), m_desk(desk), m_id(id), m_from(from), m_to(to)
    {
    }
    void redo() override { apply(m_to); }
    void undo() override { apply(m_from); }

private:
    void apply(r::TaskStatus status)
    {
        m_desk.change(QObject::tr("Changing the task"), [id = m_id, status, actor = responderName().toStdString()](core::Database &db) {
            return r::setTaskStatus(db, core::SystemClock::instance(), actor, id, status);
        });
    }
    ResponseDesk &m_desk;
    std::int64_t m_id;
    r::TaskStatus m_from, m_to;
};

QPushButton *button(const QString &text, const char *name)
{
    auto *b = new QPushButton(text);
    b->setObjectName(QString::fromLatin1(name));
    return b;
}

} // namespace

TasksPage::TasksPage(ResponseDesk &desk, QUndoStack &undo, QWidget *parent)
    : QWidget(parent), m_desk(desk), m_undo(undo), m_tree(new QTreeWidget), m_playbooks(new QComboBox), m_summary(new QLabel),
      m_apply(button(tr("A&pply Playbook"), "applyPlaybook")), m_add(button(tr("&Add Task…"), "addTask")),
      m_edit(button(tr("&Edit…"), "editTask")), m_done(button(tr("&Done"), "taskDone")), m_skip(button(tr("S&kip"), "taskSkip")),
      m_reopen(button(tr("Re&open"), "taskReopen")), m_up(button(tr("Move &Up"), "taskUp")), m_down(button(tr("Move Do&wn"), "taskDown"))
{
    setObjectName(QStringLiteral("tasksPage"));
    m_playbooks->setObjectName(QStringLiteral("playbookChoice"));
    for (const auto &p : r::builtinPlaybooks())
        m_playbooks->addItem(QString::fromStdString(p.title), QString::fromStdString(p.id));
    m_tree->setObjectName(QStringLiteral("taskTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Task"), tr("Owner"), tr("Assignee"), tr("Due"), tr("Status")});
    m_tree->header()->resizeSection(Title, 520);
    m_tree->header()->resizeSection(Owner, 170);
    m_tree->header()->resizeSection(Assignee, 120);
    m_tree->header()->resizeSection(Due, 230);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);

    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (QMessageBox::question(this, tr("Apply Playbook"),
                                  tr("Apply “%1”? Its tasks are added with due times from the declared time, and its actions are proposed for approval.")
                                      .arg(m_playbooks->currentText())) == QMessageBox::Yes)
            applyPlaybook(m_playbooks->currentData().toString());
    });
    connect(m_add, &QPushButton::clicked, this, [this] { addOrEdit(false); });
    connect(m_edit, &QPushButton::clicked, this, [this] { addOrEdit(true); });
    connect(m_done, &QPushButton::clicked, this, [this] { setStatus(currentTask(), r::TaskStatus::Done); });
    connect(m_skip, &QPushButton::clicked, this, [this] { setStatus(currentTask(), r::TaskStatus::Skipped); });
    connect(m_reopen, &QPushButton::clicked, this, [this] { setStatus(currentTask(), r::TaskStatus::Open); });
    connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { move(1); });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &TasksPage::updateButtons);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this] { addOrEdit(true); });
    connect(&m_desk, &ResponseDesk::changed, this, &TasksPage::showSnapshot);

    auto *bar = new QToolBar;   // folds into its extension menu when the window is narrow
    m_playbooks->setMinimumContentsLength(24);
    m_playbooks->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    bar->addWidget(m_playbooks);
    bar->addWidget(m_apply);
    bar->addSeparator();
    for (QPushButton *b : {m_add, m_edit, m_done, m_skip, m_reopen, m_up, m_down})
        bar->addWidget(b);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(bar);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    showSnapshot();
}

void TasksPage::setNow(core::TimeUs now)
{
    const bool minuteChanged = now / 60'000'000 != m_now / 60'000'000;
    m_now = now;
    if (minuteChanged)
        showSnapshot();   // due times turn overdue on the minute
}

const r::Task *TasksPage::task(std::int64_t id) const
{
    for (const auto &t : m_desk.snapshot().tasks) {
        if (t.id == id)
            return &t;
    }
    return nullptr;
}

std::int64_t TasksPage::currentTask() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    return item ? item->data(Title, kTaskIdRole).toLongLong() : 0;
}

void TasksPage::showSnapshot()
{
    const std::int64_t keep = currentTask();
    const int scrolled = m_tree->verticalScrollBar()->value();   // a re-read must not move the reader
    const auto &tasks = m_desk.snapshot().tasks;
    // Offer the playbook for the case's incident type first, once per case.
    const QString caseId = QString::fromStdString(m_desk.snapshot().info.uuid);
    if (caseId != m_offeredFor) {
        m_offeredFor = caseId;
        if (const int i = m_playbooks->findData(QString::fromStdString(m_desk.snapshot().info.incidentType)); i >= 0)
            m_playbooks->setCurrentIndex(i);
    }
    m_tree->clear();
    std::map<core::Phase, QTreeWidgetItem *> phases;
    int open = 0, overdue = 0, done = 0;
    QTreeWidgetItem *current = nullptr;
    for (const auto &t : tasks) {
        QTreeWidgetItem *&phase = phases[t.phase];
        if (!phase) {
            phase = new QTreeWidgetItem(m_tree, {qstr(core::toString(t.phase))});
            QFont bold = phase->font(Title);
            bold.setBold(true);
            phase->setFont(Title, bold);
            phase->setFlags(Qt::ItemIsEnabled);
        }
        auto *item = new QTreeWidgetItem(phase);
        item->setData(Title, kTaskIdRole, QVariant::fromValue(static_cast<qlonglong>(t.id)));
        item->setText(Title, QString::fromStdString(t.title));
        item->setToolTip(Title, QString::fromStdString(t.playbook.empty() ? std::string("added by hand") : "from playbook " + t.playbook));
        item->setText(Owner, t.ownerRole ? qstr(r::roleTitle(*t.ownerRole)) : QString());
        item->setText(Assignee, QString::fromStdString(t.assignee));
        const bool late = t.overdue(m_now);
        if (t.dueAt)
            item->setText(Due, formatLocalTime(*t.dueAt));
        QString status = late ? timeLeftText(*t.dueAt - m_now) : qstr(toString(t.status));   // "overdue by 1 h 05 min"
        status[0] = status[0].toUpper();
        item->setText(Status, status);
        if (late) {
            for (int c = 0; c < ColumnCount; ++c)
                item->setForeground(c, QColor(0xc6, 0x28, 0x28));
        } else if (t.status != r::TaskStatus::Open) {
            for (int c = 0; c < ColumnCount; ++c)
                item->setForeground(c, QColor(0x75, 0x75, 0x75));
            QFont struck = item->font(Title);
            struck.setStrikeOut(t.status == r::TaskStatus::Skipped);
            item->setFont(Title, struck);
            item->setText(Status, qstr(toString(t.status)) + QStringLiteral(" (%1)").arg(QString::fromStdString(t.completedBy)));
        }
        open += t.status == r::TaskStatus::Open;
        overdue += late;
        done += t.status == r::TaskStatus::Done;
        if (t.id == keep)
            current = item;
    }
    m_tree->expandAll();
    if (current)
        m_tree->setCurrentItem(current);
    m_tree->verticalScrollBar()->setValue(scrolled);
    m_summary->setText(tasks.empty() ? tr("No tasks yet: apply the playbook for this incident type, or add tasks by hand.")
                                     : tr("%1 open, <b style='color:#c62828'>%2 overdue</b>, %3 done").arg(open).arg(overdue).arg(done));
    updateButtons();
}

void TasksPage::updateButtons()
{
    const bool writable = m_desk.writable();
    const r::Task *t = task(currentTask());
    m_apply->setEnabled(writable);
    m_add->setEnabled(writable);
    m_edit->setEnabled(writable && t);
    m_done->setEnabled(writable && t && t->status == r::TaskStatus::Open);
    m_skip->setEnabled(writable && t && t->status == r::TaskStatus::Open);
    m_reopen->setEnabled(writable && t && t->status != r::TaskStatus::Open);
    m_up->setEnabled(writable && t);
    m_down->setEnabled(writable && t);
}

void TasksPage::setStatus(std::int64_t taskId, r::TaskStatus status)
{
    const r::Task *t = task(taskId);
    if (!t || t->status == status)
        return;
    m_undo.push(new TaskStatusCommand(m_desk, taskId, t->status, status, QString::fromStdString(t->title)));
}

void TasksPage::applyPlaybook(const QString &playbookId)
{
    m_desk.change(tr("Applying the playbook"), [id = playbookId.toStdString(), actor = responderName().toStdString()](core::Database &db) -> core::Status {
        auto applied = r::applyPlaybook(db, core::SystemClock::instance(), id, actor);
        return applied ? core::Status{} : core::Status{applied.error()};
    }, tr("Playbook applied: its tasks are below, its actions wait in the Response inbox"));
}

void TasksPage::move(int steps)
{
    m_desk.change(tr("Moving the task"), [id = currentTask(), steps, actor = responderName().toStdString()](core::Database &db) {
        return r::moveTask(db, core::SystemClock::instance(), actor, id, steps);
    });
}

void TasksPage::addOrEdit(bool edit)
{
    r::Task t;
    if (edit) {
        const r::Task *current = task(currentTask());
        if (!current)
            return;
        t = *current;
    }
    QDialog dialog(this);
    dialog.setWindowTitle(edit ? tr("Edit Task") : tr("Add Task"));
    auto *title = new QLineEdit(QString::fromStdString(t.title));
    auto *phase = new QComboBox;
    for (core::Phase p : {core::Phase::Detection, core::Phase::Triage, core::Phase::Containment, core::Phase::Investigation,
                          core::Phase::Remediation, core::Phase::Recovery, core::Phase::Review})
        phase->addItem(qstr(core::toString(p)), int(p));
    phase->setCurrentIndex(phase->findData(int(t.phase)));
    auto *owner = new QComboBox;
    owner->addItem(tr("(no role)"), -1);
    for (r::Role role : r::allRoles())
        owner->addItem(qstr(r::roleTitle(role)), int(role));
    owner->setCurrentIndex(t.ownerRole ? owner->findData(int(*t.ownerRole)) : 0);
    auto *assignee = new QLineEdit(QString::fromStdString(t.assignee));
    auto *due = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch((t.dueAt ? *t.dueAt : m_now + 3'600'000'000LL) / 1000));
    due->setCalendarPopup(true);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("&Task:"), title);
    form->addRow(tr("&Phase:"), phase);
    form->addRow(tr("&Owner role:"), owner);
    form->addRow(tr("&Assignee:"), assignee);
    form->addRow(tr("D&ue:"), due);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    t.title = title->text().trimmed().toStdString();
    t.phase = core::Phase(phase->currentData().toInt());
    t.ownerRole = owner->currentData().toInt() < 0 ? std::nullopt : std::optional(r::Role(owner->currentData().toInt()));
    t.assignee = assignee->text().trimmed().toStdString();
    t.dueAt = due->dateTime().toMSecsSinceEpoch() * 1000;
    m_desk.change(edit ? tr("Changing the task") : tr("Adding the task"), [t, edit, actor = responderName().toStdString()](core::Database &db) -> core::Status {
        if (edit)
            return r::updateTask(db, core::SystemClock::instance(), actor, t);
        auto added = r::addTask(db, core::SystemClock::instance(), actor, t);
        return added ? core::Status{} : core::Status{added.error()};
    });
}

} // namespace cordon::ui
