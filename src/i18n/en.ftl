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
