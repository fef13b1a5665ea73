# English.

lang-name = English
skip-to-content = Skip to content
choose-language = Language
to-front-page = To the front page

start-title = Surveys
start-open = These surveys are open now. Answers are anonymous and take 3–5 minutes.
start-none = No surveys are open right now.
start-admin-hint = Administrator: create and open a round with <code>trappa round create</code> and <code>trappa round open</code>, or try <code>trappa demo</code>.
start-admin = Log in (administration and reports)
municipality = { $name } municipality

form-errors-title = Errors in the form
form-lead = { $municipality } municipality. Your answer is anonymous: we store no name, IP address or time of day. Every question can be skipped.
form-error-count = { $count ->
    [one] The form has one error
   *[other] The form has { $count } errors
}
form-error-kept = Your answers have been kept. Correct the errors and send again:
form-about-you = About you
form-unit = Which unit do you work in?
form-unit-choose = Choose a unit
form-unit-from-code = Unit: <strong>{ $unit }</strong> (from the invitation code)
form-role = What is your role?
form-stair-steps = The steps of the collaboration stair
form-note-summary = Explain your placement (optional)
form-submit = Send your answer
role-ansatt = Employee
role-leder = Manager
role-folkevalgt = Elected representative
form-unit-label = Unit
form-role-label = Role

error-unit-missing = Choose the unit you work in.
error-unit-unknown = That unit is not part of this survey. Choose from the list.
error-role-missing = Choose your role.
error-role-unknown = That role is not part of this survey. Choose one of them.
error-answer-invalid = Invalid answer: { $detail }.

thanks-title = Thank you for your answer!
thanks-text = Your answer has been stored. It is anonymous and cannot be traced to you.
thanks-page-title = Thank you

code-label = Invitation code
code-intro = { $municipality } municipality. Enter the code from the invitation you received. The code works once, and it is not stored with your answer.
code-submit = Go to the form
code-missing = Enter the code from your invitation.
code-malformed = The code does not look right: it has ten characters, like ABCDE-FGHJK. Check that you copied it correctly.
code-unknown = We cannot find this code for this survey. It may have been mistyped, or already used: each code gives one answer.
code-used = This code has already been used. Each code gives one answer.

page-not-found = Page not found
page-closed = The survey is closed
page-bad-request = Bad request
page-too-many = Too many attempts
page-too-large = Too large
survey-not-found = There is no survey called «{ $id }». Check the link.
survey-closed = This survey is not taking answers now. Thank you for your interest!
survey-token-missing = The form is missing its key. Reload the page and try again.
survey-unknown-fields = The form has fields that do not belong to the survey: { $fields }. Reload the page.
survey-too-large = Your answer is larger than the form allows. Shorten the free texts and send again.
survey-unreadable = The form could not be read. Reload the page and try again.
survey-too-many = Very many answers have come from this address in the last minute. Wait a minute and send again; your answers are still in the form.
form-switch-language = Show the form in another language and keep your answers:

login-title = Log in
login-intro = For administrators, managers and elected representatives who read the reports. You do not need to log in to answer the survey.
login-name = User name
login-password = Password
login-submit = Log in
login-forgot = Forgot your password? The administrator sets a new one with <code>trappa user set-password</code>.
login-failed = Wrong user name or password.
page-forbidden = Access denied
form-forged = The form was sent from a page other than trappa, or it is too old. Reload the page and try again.

## Reports

report-head-round = { $municipality } municipality · round { $round }
report-head-compared = (compared with { $previous })
report-made-from-file = Made { $date } from the CSV file { $file }
report-made-from-database = Made { $date } from the database
report-fingerprint = data fingerprint
print-page = Page
print-page-of = of
report-hidden = hidden
report-better = better
report-worse = weaker
report-small-change = small change
report-series-break = wording changed – break in the series
report-new-wording = new wording
report-no-meaningful-change = no meaningful change
report-col-no = No.
report-col-statement = Statement
report-col-mean = Mean
report-col-sd = SD
report-col-mean-in = Mean { $round }
report-col-change-ci = Change [95% CI]
report-col-change-from = Change from { $previous }
report-col-change-from-ci = Change from { $previous } [95% CI]
report-col-partner = Collaboration with
report-col-step-pct = % step { $step }
report-col-median-now = Median now
report-col-mean-goal = Mean goal
report-col-mean-gap = Mean gap
report-col-pct-up = % see a step up
report-col-median = Median
report-col-now = Now
report-col-goal = Goal
report-col-gap = Gap
report-col-round = Round
report-col-total = Total
report-col-unit = Unit
report-col-invited-in = Invited { $round }
report-col-rate = Response rate
report-col-answer = Answer
report-col-count = Number
report-col-share = Share
report-col-municipality = Municipality
report-col-municipality-now = Municipality now
report-col-municipality-goal = Municipality goal
report-col-difference = Difference
report-method = Figures are shown only where they rest on at least { $k } responses, and only so that nobody can work out figures for fewer: where a group is hidden, enough others are hidden that the hidden ones hold at least { $k } responses together. Results of an open round are not shown. “Don't know” and unanswered do not count as responses. n is the number of responses a figure is based on; the goal on the stair is for those who gave both “now” and “goal”. A change is called meaningful when the 95% confidence interval (Welch) does not contain 0 and the change is at least { $min_change } on the scale.
report-method-invalid = { $count ->
    [one] One invalid numeric answer in the data has been treated as unanswered.
   *[other] { $count } invalid numeric answers in the data have been treated as unanswered.
}
report-leader-title = Leader report
report-leader-heading = Collaboration and innovation { $round } – leader report
report-leader-lead = { $count } responses in { $round }. The report shows the whole municipality, each role and each unit, with free text.
report-leader-lead-compared = { $count } responses in { $round }, { $previous_count } in { $previous }. The report shows the whole municipality, each role and each unit, with free text.
report-counts = Number of responses
report-counts-by-role = Responses by role and round
report-counts-by-unit = Responses by unit and round
report-counts-caption = Responses by unit in { $round }. The figures are in the table above.
report-stair = The collaboration stair
report-stair-caption = The bars show the share who place the collaboration on each step today; the lines show the mean now and the mean for what can be reached. Steps: { $steps }.
report-stair-table = The collaboration stair, whole municipality { $round }
report-stair-change = Change in mean step now from { $previous }
report-poster = The innovation poster
report-poster-caption = Disagree (1–2) on the left and agree (4–5) on the right; the neutral answer (3) is split at the centre line. Scale: { $scale }.
report-poster-table = The innovation poster, whole municipality { $round }
report-change-caption = Mean { $previous } (open circle) and { $round } (filled). ▲/▼ mark meaningful changes.
report-answers-total = All responses
report-by-role = By role
report-by-role-table = Mean by statement and role, { $round }
report-by-unit = By unit
report-heat-caption = Mean by unit and statement. Blank cells are hidden.
report-unit-hidden = The figures for this unit are not shown, so that nobody can work out what individuals answered.
report-unit-poster = { $unit }: the innovation poster (n = { $count })
report-unit-stair = { $unit }: the collaboration stair
report-notes = Comments
report-notes-intro = Free text from units with at least { $k } responses whose number is shown, sorted alphabetically (not in the order it was received).
report-notes-none = No comments to show.
report-summary-title = Summary for elected representatives
report-summary-heading = Collaboration and innovation in { $municipality } { $round }
report-key-respondents = responses in { $round }
report-key-respondents-compared = responses in { $round } ({ $previous_count } in { $previous })
report-key-highest = highest mean (statement { $label }, scale 1–5)
report-key-lowest = lowest mean (statement { $label })
report-in-short = In brief
report-summary-stair-caption = Share on each step today, and mean now and goal. Steps: { $steps }.
report-summary-poster = The innovation poster: strongest and weakest
report-summary-poster-table = The three statements with the highest and lowest mean (scale 1–5)
report-strongest = Strongest
report-weakest = Weakest
report-unit-title = Unit report { $unit }
report-unit-heading = { $unit } – collaboration and innovation { $round }
report-unit-report-hidden = The figures for { $unit } in { $round } are not shown, so that nobody can work out what individuals answered. The figures for the whole municipality are in the leader report.
report-unit-lead = { $count } responses from { $unit }, compared with the whole municipality ({ $total } responses).
report-unit-poster-table = Mean for { $unit } and the whole municipality
report-unit-stair-table = Mean step now and goal: { $unit } and the whole municipality

## Plain-language sentences in the summary

sentence-respondents = { $count } people responded in { $round }.
sentence-too-few = Too few people responded in { $round } for figures to be shown without revealing what individuals answered.
sentence-respondents-compared = { $count } people responded in { $round }, against { $previous-count } in { $previous }.
sentence-strongest = Most agree that { $statement } (mean { $mean } out of 5).
sentence-weakest = There is least agreement that { $statement } (mean { $mean } out of 5).
sentence-change-item = { $label } (from { $from } to { $to })
sentence-no-change = None of the statements has changed meaningfully since { $previous }.
sentence-better = Better than in { $previous }: statements { $items }.
sentence-worse = Weaker than in { $previous }: statements { $items }.
sentence-series-break = Statements { $labels } have new wording and cannot be compared with { $previous }.
sentence-stair-range = Collaboration is strongest with { $best } (step { $best-mean } on average) and weakest with { $worst } (step { $worst-mean }).
sentence-largest-gap = Staff see the largest gap between where the collaboration is and what can be reached with { $partner }: { $gap } steps on average.

## Charts (title, description and labels inside the picture)

chart-too-few = fewer than { $k } responses – hidden
chart-count-hidden = hidden
chart-count-title = Number of responses by unit
chart-count-desc = { $units } units, { $shown } shown with their number of responses; the figures are also in the table.
chart-change-legend = ▲/▼ = meaningful change
chart-change-break = wording changed – not comparable
chart-change-too-few = too few responses to compare
chart-change-meaningful = { $line } (meaningful change)
chart-change-title = Change in mean from { $previous } to { $round }
chart-change-desc = Mean by statement on the scale 1–5. { $figures }.
chart-poster-line = { $label }: { $agree } agree (4–5), { $disagree } disagree (1–2)
chart-poster-title = The innovation poster: distribution of answers by statement
chart-poster-desc = Share who disagree to the left and who agree to the right of the centre line. { $figures }.
chart-heat-title = Mean by unit and statement
chart-heat-desc = { $units } units and { $statements } statements; darker blue is a higher mean, and the figure is in each cell. { $hidden } cells are hidden to protect individuals.
chart-stair-now = mean now
chart-stair-goal = mean that can be reached (goal)
chart-stair-now-at = now { $mean }
chart-stair-goal-at = goal { $mean }
chart-stair-step-share = step { $step } { $share }
chart-stair-line = { $label }: { $shares }; mean now { $now }, goal { $goal }
chart-stair-title = The collaboration stair: where the collaboration is today, and what can be reached
chart-stair-desc = Steps: { $steps }. { $figures }.

## Pages, errors and the signed-in menu

page-unavailable = Not available
page-internal = Something went wrong
page-internal-text = An error on our side prevented this. Your answer has not been stored; try again in a little while.
page-not-found-text = The page does not exist.
form-too-large = The form is too large.
login-too-many = Too many failed log-ins. For security reasons you must wait { $minutes } minutes before trying again.
admin-only = This page is for administrators. You will find the reports you have access to under Reports.
menu = Menu
menu-rounds = Rounds
menu-reports = Reports
menu-logout = Log out ({ $name })
account-role-administrator = administrator
account-role-leder = leader
account-role-leser = reader
round-not-found = The round “{ $id }” does not exist.
unit-not-found = Round “{ $round }” has no unit called “{ $unit }”.
account-not-found = The account “{ $name }” does not exist.
account-exists = There is already an account called “{ $name }”.
report-unknown-kind = Unknown report type “{ $kind }” (leader, summary or unit with unit=UNIT).
report-forbidden = Your role ({ $role }) does not give access to this report.
report-json-forbidden = Your role ({ $role }) does not give access to the figures behind the reports.
report-min-n = min_n must be at least 3.
report-min-n-admin-only = Only an administrator can choose another minimum group size than the round’s own.
report-pdf-unavailable = PDF requires Chromium on the server (apt-get install chromium). The HTML report can be printed from the browser.
reports-title = Reports
reports-signed-in-as = You are logged in with the role { $role }. Figures are shown only for groups with at least five responses.
reports-unit-hint = You will find the unit reports on the page for each round.
reports-round = (round { $id })
reports-read = read
reports-download-pdf = download PDF
reports-json = the figures (JSON)
reports-none = There are no rounds yet.

## Admin

admin-rounds-title = Rounds
admin-rounds-caption = All rounds, newest first
admin-col-round = Round
admin-col-title = Title
admin-col-status = Status
admin-col-responses = Responses
admin-col-action = Action
admin-col-invited = Invited
admin-status-open = Open
admin-status-closed = Closed
admin-form-link = form
admin-close = Close { $id }
admin-open = Open { $id }
admin-new-round = New round
admin-new-name = Name of the new round (e.g. the year)
admin-new-like = With units and collaboration partners from
admin-new-submit = Create round
admin-new-name-invalid = That name cannot be used for a round: use only a–z, 0–9, _ and - (e.g. 2027).
admin-new-name-taken = There is already a round called “{ $id }”. Choose another name.
admin-no-rounds = No rounds yet. Create one with <code>trappa round create NAME --file ROUND.toml</code>, or try <code>trappa demo</code>.
admin-round-created = Round { $id } has been created (closed). Open it when it is to take responses.
admin-round-opened = Round { $id } has been opened.
admin-round-closed = Round { $id } has been closed.
admin-access-code = Round { $id } now requires an invitation code.
admin-access-open = Round { $id } now takes responses from anyone with the link.
admin-delete-unconfirmed = Nothing has been deleted: type “{ $id }” in the field to confirm.
admin-deleted = Deleted { $count } responses from round { $id }. The deletion has been recorded in the audit log.
admin-round-title = Round { $id }
admin-round-is-open = Round { $id } is <strong>open</strong>
admin-round-is-closed = Round { $id } is <strong>closed</strong>
admin-round-form-link = link to the form
admin-round-total = { $count } responses.
admin-round-total-rate = { $count } responses ({ $rate } of { $invited } invited).
admin-by-unit = Responses by unit
admin-by-role = Responses by role
admin-access = Access to the form
admin-access-code-text = Responding requires an <strong>invitation code</strong>. Make codes and letters with <code>trappa invite --round { $id } --unit UNIT --count N</code>.
admin-access-open-text = Anyone with the link can respond (<strong>open link</strong>).
admin-codes = Invitation codes by unit
admin-codes-made = Made
admin-codes-used = Used
admin-access-make-open = Let in responses without a code (open link)
admin-access-make-code = Require an invitation code
admin-unit-reports = Unit reports
admin-download-csv = Download the responses as CSV
admin-delete = Delete the responses
admin-delete-text = All { $count } responses in round { $id } will be deleted for good. Download a copy first if you need one. The deletion is recorded in the audit log.
admin-delete-confirm = Type “{ $id }” to confirm
admin-delete-submit = Delete the responses in round { $id }

## Invitation letters

letter-title = Invitations
letter-label = Invitation { $number }
letter-heading = You are invited to answer “{ $title }”
letter-about = The survey is about how your unit works with others and with new solutions. It takes 3–5 minutes.
letter-how = Scan the code with your phone, or go to <strong>{ $start }</strong> and enter the code:
letter-qr = QR code that opens the survey with the code filled in
letter-anonymous = The code can be used once. Your answer is anonymous: the code is not stored with your answer, and no one can see which code gave which answer. Results are shown only for groups with enough answers.
letter-link = Link
reports-open-round = This round is open. Results come when it is closed; until then you see only how many have responded, and only where that cannot reveal who.
reports-open-counts = Responses so far in round { $id }
report-round-open = Round { $id } is open. Its results can be read once the round is closed.
report-not-shown = not shown
report-k-override = Made with minimum group size { $k }, not the round’s own { $round_k }. Not for sharing.
report-no-comparison = No comparison with { $previous }: that round has too few responses for figures to be shown.
admin-create-failed = Round { $id } could not be made from the chosen round. Try again, or make it with trappa round create.
report-pdf-busy = The server is printing many PDFs right now. Please try again in a moment.
