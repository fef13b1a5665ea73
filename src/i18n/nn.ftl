# Nynorsk.

lang-name = Nynorsk
skip-to-content = Hopp til innhaldet
choose-language = Språk
to-front-page = Til framsida

start-title = Undersøkingar
start-open = Desse undersøkingane er opne no. Svara er anonyme og tek 3–5 minutt.
start-none = Ingen undersøkingar er opne akkurat no.
start-admin-hint = Administrator: opprett og opne ein runde med <code>trappa round create</code> og <code>trappa round open</code>, eller prøv <code>trappa demo</code>.
start-admin = Logg inn (administrasjon og rapportar)
municipality = { $name } kommune

form-errors-title = Feil i skjemaet
form-lead = { $municipality } kommune. Svaret er anonymt: vi lagrar ikkje namn, IP-adresse eller klokkeslett. Alle spørsmål kan hoppast over.
form-error-count = { $count ->
    [one] Skjemaet har éin feil
   *[other] Skjemaet har { $count } feil
}
form-error-kept = Svara dine er tekne vare på. Rett feila og send på nytt:
form-about-you = Om deg
form-unit = Kva eining jobbar du i?
form-unit-choose = Vel eining
form-unit-from-code = Eining: <strong>{ $unit }</strong> (frå invitasjonskoden)
form-role = Kva rolle har du?
form-stair-steps = Trinna i samhandlingstrappa
form-note-summary = Grunngi plasseringa (valfritt)
form-submit = Send svaret
role-ansatt = Tilsett
role-leder = Leiar
role-folkevalgt = Folkevald
form-unit-label = Eining
form-role-label = Rolle

error-unit-missing = Vel eininga du jobbar i.
error-unit-unknown = Eininga finst ikkje i denne undersøkinga. Vel frå lista.
error-role-missing = Vel rolla di.
error-role-unknown = Rolla finst ikkje i denne undersøkinga. Vel ei av dei.
error-answer-invalid = Ugyldig svar: { $detail }.

thanks-title = Takk for svaret!
thanks-text = Svaret ditt er lagra. Det er anonymt og kan ikkje knytast til deg.
thanks-page-title = Takk

code-label = Invitasjonskode
code-intro = { $municipality } kommune. Skriv inn koden frå invitasjonen du fekk. Koden kan brukast éin gong, og han blir ikkje lagra saman med svaret ditt.
code-submit = Gå til skjemaet
code-missing = Skriv inn koden frå invitasjonen.
code-malformed = Koden har ikkje rett form: han har ti teikn, som ABCDE-FGHJK. Sjekk at du har skrive han av rett.
code-unknown = Vi finn ikkje denne koden for denne undersøkinga. Han kan vere skriven av feil, eller alt brukt: kvar kode gir eitt svar.
code-used = Denne koden er alt brukt. Kvar kode gir eitt svar.

page-not-found = Fann ikkje sida
page-closed = Undersøkinga er stengd
page-bad-request = Ugyldig førespurnad
page-too-many = For mange forsøk
page-too-large = For stort
survey-not-found = Det finst inga undersøking som heiter «{ $id }». Sjekk lenka.
survey-closed = Denne undersøkinga tek ikkje imot svar no. Takk for interessa!
survey-token-missing = Skjemaet manglar nøkkelen sin. Last inn sida på nytt og prøv igjen.
survey-unknown-fields = Skjemaet har felt som ikkje høyrer til undersøkinga: { $fields }. Last inn sida på nytt.
survey-too-large = Svaret er større enn skjemaet tillèt. Kort ned fritekstane og send på nytt.
survey-unreadable = Skjemaet kunne ikkje lesast. Last inn sida på nytt og prøv igjen.
survey-too-many = Det har kome svært mange svar frå denne adressa det siste minuttet. Vent eit minutt og send på nytt; svara dine står framleis i skjemaet.
form-switch-language = Vis skjemaet på eit anna språk og behald svara:

login-title = Logg inn
login-intro = For administratorar, leiarar og folkevalde som skal lese rapportane. Du treng ikkje logge inn for å svare på undersøkinga.
login-name = Brukarnamn
login-password = Passord
login-submit = Logg inn
login-forgot = Gløymt passordet? Administratoren set eit nytt med <code>trappa user set-password</code>.
login-failed = Feil brukarnamn eller passord.
page-forbidden = Inga tilgang
form-forged = Skjemaet vart sendt frå ei anna side enn trappa, eller det er for gammalt. Last inn sida på nytt og prøv igjen.
