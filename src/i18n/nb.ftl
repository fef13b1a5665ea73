# Bokmål: the product's first language. Every key here must exist in nn.ftl
# and en.ftl too (a test checks).

lang-name = Bokmål
skip-to-content = Hopp til innholdet
choose-language = Språk
to-front-page = Til forsiden

start-title = Undersøkelser
start-open = Disse undersøkelsene er åpne nå. Svarene er anonyme og tar 3–5 minutter.
start-none = Ingen undersøkelser er åpne akkurat nå.
start-admin-hint = Administrator: opprett og åpne en runde med <code>trappa round create</code> og <code>trappa round open</code>, eller prøv <code>trappa demo</code>.
start-admin = Logg inn (administrasjon og rapporter)
municipality = { $name } kommune

form-errors-title = Feil i skjemaet
form-lead = { $municipality } kommune. Svaret er anonymt: vi lagrer ikke navn, IP-adresse eller klokkeslett. Alle spørsmål kan hoppes over.
form-error-count = { $count ->
    [one] Skjemaet har én feil
   *[other] Skjemaet har { $count } feil
}
form-error-kept = Svarene dine er tatt vare på. Rett feilene og send igjen:
form-about-you = Om deg
form-unit = Hvilken enhet jobber du i?
form-unit-choose = Velg enhet
form-unit-from-code = Enhet: <strong>{ $unit }</strong> (fra invitasjonskoden)
form-role = Hvilken rolle har du?
form-stair-steps = Trinnene i samhandlingstrappa
form-note-summary = Begrunn plasseringen (valgfritt)
form-submit = Send svaret
role-ansatt = Ansatt
role-leder = Leder
role-folkevalgt = Folkevalgt
form-unit-label = Enhet
form-role-label = Rolle

error-unit-missing = Velg enheten du jobber i.
error-unit-unknown = Enheten finnes ikke i denne undersøkelsen. Velg fra listen.
error-role-missing = Velg rollen din.
error-role-unknown = Rollen finnes ikke i denne undersøkelsen. Velg en av dem.
error-answer-invalid = Ugyldig svar: { $detail }.

thanks-title = Takk for svaret!
thanks-text = Svaret ditt er lagret. Det er anonymt og kan ikke knyttes til deg.
thanks-page-title = Takk

code-label = Invitasjonskode
code-intro = { $municipality } kommune. Skriv inn koden fra invitasjonen du fikk. Koden kan brukes én gang, og den lagres ikke sammen med svaret ditt.
code-submit = Gå til skjemaet
code-missing = Skriv inn koden fra invitasjonen.
code-malformed = Koden har ikke riktig form: den har ti tegn, som ABCDE-FGHJK. Sjekk at du har skrevet den av riktig.
code-unknown = Vi finner ikke denne koden for denne undersøkelsen. Den kan være skrevet av feil, eller allerede brukt: hver kode gir ett svar.
code-used = Denne koden er allerede brukt. Hver kode gir ett svar.

page-not-found = Fant ikke siden
page-closed = Undersøkelsen er stengt
page-bad-request = Ugyldig forespørsel
page-too-many = For mange forsøk
page-too-large = For stort
survey-not-found = Det finnes ingen undersøkelse som heter «{ $id }». Sjekk lenken.
survey-closed = Denne undersøkelsen tar ikke imot svar nå. Takk for interessen!
survey-token-missing = Skjemaet mangler sin nøkkel. Last inn siden på nytt og prøv igjen.
survey-unknown-fields = Skjemaet har felt som ikke hører til undersøkelsen: { $fields }. Last inn siden på nytt.
survey-too-large = Svaret er større enn skjemaet tillater. Kort ned fritekstene og send igjen.
survey-unreadable = Skjemaet kunne ikke leses. Last inn siden på nytt og prøv igjen.
survey-too-many = Det har kommet svært mange svar fra denne adressen det siste minuttet. Vent et minutt og send igjen; svarene dine står fortsatt i skjemaet.
form-switch-language = Vis skjemaet på et annet språk og behold svarene:

login-title = Logg inn
login-intro = For administratorer, ledere og folkevalgte som skal lese rapportene. Du trenger ikke logge inn for å svare på undersøkelsen.
login-name = Brukernavn
login-password = Passord
login-submit = Logg inn
login-forgot = Glemt passordet? Administratoren setter et nytt med <code>trappa user set-password</code>.
login-failed = Feil brukernavn eller passord.
page-forbidden = Ingen tilgang
form-forged = Skjemaet ble sendt fra en annen side enn trappa, eller det er for gammelt. Last inn siden på nytt og prøv igjen.
