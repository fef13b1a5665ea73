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

## Reports

report-head-round = { $municipality } kommune · runde { $round }
report-head-compared = (sammenlignet med { $previous })
report-made-from-file = Laget { $date } fra CSV-filen { $file }
report-made-from-database = Laget { $date } fra databasen
report-fingerprint = datagrunnlag
print-page = Side
print-page-of = av
report-hidden = skjult
report-better = bedre
report-worse = svakere
report-small-change = liten endring
report-series-break = endret ordlyd – brudd i serien
report-new-wording = ny ordlyd
report-no-meaningful-change = ingen meningsfull endring
report-col-no = Nr.
report-col-statement = Utsagn
report-col-mean = Snitt
report-col-sd = Std.avv.
report-col-mean-in = Snitt { $round }
report-col-change-ci = Endring [95 % KI]
report-col-change-from = Endring fra { $previous }
report-col-change-from-ci = Endring fra { $previous } [95 % KI]
report-col-partner = Samarbeid med
report-col-step-pct = % trinn { $step }
report-col-median-now = Median nå
report-col-mean-goal = Snitt mål
report-col-mean-gap = Snitt avstand
report-col-pct-up = % ser et steg opp
report-col-median = Median
report-col-now = Nå
report-col-goal = Mål
report-col-gap = Avstand
report-col-round = Runde
report-col-total = Totalt
report-col-unit = Enhet
report-col-invited-in = Invitert { $round }
report-col-rate = Svarprosent
report-col-answer = Svar
report-col-count = Antall
report-col-share = Andel
report-col-municipality = Kommunen
report-col-municipality-now = Kommunen nå
report-col-municipality-goal = Kommunen mål
report-col-difference = Forskjell
report-method = Tall vises bare der de bygger på minst { $k } svar, og bare slik at ingen kan regne seg fram til tall for færre: der en gruppe er skjult, skjules så mange andre at de skjulte til sammen har minst { $k } svar. Resultater fra en åpen runde vises ikke. «Vet ikke» og ubesvart regnes ikke som svar. n er antall svar tallet bygger på; målet på trappa gjelder dem som har svart både «nå» og «mål». En endring kalles meningsfull når 95 %-konfidensintervallet (Welch) ikke inneholder 0 og endringen er minst { $min_change } på skalaen.
report-method-invalid = { $count ->
    [one] Ett ugyldig tallsvar i datagrunnlaget er behandlet som ubesvart.
   *[other] { $count } ugyldige tallsvar i datagrunnlaget er behandlet som ubesvart.
}
report-leader-title = Lederrapport
report-leader-heading = Samhandling og innovasjon { $round } – lederrapport
report-leader-lead = { $count } svar i { $round }. Rapporten viser hele kommunen, hver rolle og hver enhet, med fritekst.
report-leader-lead-compared = { $count } svar i { $round }, { $previous_count } i { $previous }. Rapporten viser hele kommunen, hver rolle og hver enhet, med fritekst.
report-counts = Antall svar
report-counts-by-role = Svar per rolle og runde
report-counts-by-unit = Svar per enhet og runde
report-counts-caption = Svar per enhet i { $round }. Tallene står i tabellen over.
report-stair = Samhandlingstrappa
report-stair-caption = Søylene viser andelen som plasserer samarbeidet på hvert trinn i dag; linjene viser snittet nå og snittet for hva som er mulig å nå. Trinn: { $steps }.
report-stair-table = Samhandlingstrappa, hele kommunen { $round }
report-stair-change = Endring i snitt trinn nå fra { $previous }
report-poster = Innovasjonsplakaten
report-poster-caption = Uenige (1–2) til venstre og enige (4–5) til høyre; det nøytrale svaret (3) er delt på midtlinjen. Skala: { $scale }.
report-poster-table = Innovasjonsplakaten, hele kommunen { $round }
report-change-caption = Snitt { $previous } (åpen sirkel) og { $round } (fylt). ▲/▼ markerer meningsfulle endringer.
report-answers-total = Svar i alt
report-by-role = Per rolle
report-by-role-table = Snitt per utsagn og rolle, { $round }
report-by-unit = Per enhet
report-heat-caption = Snitt per enhet og utsagn. Blanke ruter er skjult.
report-unit-hidden = Tallene for denne enheten vises ikke, slik at ingen kan regne seg fram til hva enkeltpersoner har svart.
report-unit-poster = { $unit }: innovasjonsplakaten (n = { $count })
report-unit-stair = { $unit }: samhandlingstrappa
report-notes = Kommentarer
report-notes-intro = Fritekst fra enheter med minst { $k } svar der antallet vises, sortert alfabetisk (ikke i den rekkefølgen de kom inn).
report-notes-none = Ingen kommentarer å vise.
report-summary-title = Sammendrag for folkevalgte
report-summary-heading = Samhandling og innovasjon i { $municipality } { $round }
report-key-respondents = svar i { $round }
report-key-respondents-compared = svar i { $round } ({ $previous_count } i { $previous })
report-key-highest = høyeste snitt (utsagn { $label }, skala 1–5)
report-key-lowest = laveste snitt (utsagn { $label })
report-in-short = Kort fortalt
report-summary-stair-caption = Andel på hvert trinn i dag, og snitt nå og mål. Trinn: { $steps }.
report-summary-poster = Innovasjonsplakaten: sterkest og svakest
report-summary-poster-table = De tre utsagnene med høyest og lavest snitt (skala 1–5)
report-strongest = Sterkest
report-weakest = Svakest
report-unit-title = Enhetsrapport { $unit }
report-unit-heading = { $unit } – samhandling og innovasjon { $round }
report-unit-report-hidden = Tallene for { $unit } i { $round } vises ikke, slik at ingen kan regne seg fram til hva enkeltpersoner har svart. Tallene for hele kommunen står i lederrapporten.
report-unit-lead = { $count } svar fra { $unit }, sammenlignet med hele kommunen ({ $total } svar).
report-unit-poster-table = Snitt for { $unit } og hele kommunen
report-unit-stair-table = Snitt trinn nå og mål: { $unit } og hele kommunen

## Plain-language sentences in the summary

sentence-respondents = { $count } personer svarte i { $round }.
sentence-too-few = For få svarte i { $round } til at tall kan vises uten å røpe hva enkeltpersoner har svart.
sentence-respondents-compared = { $count } personer svarte i { $round }, mot { $previous-count } i { $previous }.
sentence-strongest = Flest er enige i at { $statement } (snitt { $mean } av 5).
sentence-weakest = Minst enighet er det om at { $statement } (snitt { $mean } av 5).
sentence-change-item = { $label } (fra { $from } til { $to })
sentence-no-change = Ingen av utsagnene har endret seg meningsfullt siden { $previous }.
sentence-better = Bedre enn i { $previous }: utsagn { $items }.
sentence-worse = Svakere enn i { $previous }: utsagn { $items }.
sentence-series-break = Utsagn { $labels } fikk ny ordlyd og kan ikke sammenlignes med { $previous }.
sentence-stair-range = Samarbeidet står sterkest med { $best } (trinn { $best-mean } i snitt) og svakest med { $worst } (trinn { $worst-mean }).
sentence-largest-gap = Størst forskjell mellom hvor samarbeidet er og hva som er mulig å nå, ser de ansatte med { $partner }: { $gap } trinn i snitt.

## Charts (title, description and labels inside the picture)

chart-too-few = færre enn { $k } svar – skjult
chart-count-hidden = skjult
chart-count-title = Antall svar per enhet
chart-count-desc = { $units } enheter, { $shown } vist med antall svar; tallene står også i tabellen.
chart-change-legend = ▲/▼ = meningsfull endring
chart-change-break = endret ordlyd – ikke sammenlignbar
chart-change-too-few = for få svar til å sammenligne
chart-change-meaningful = { $line } (meningsfull endring)
chart-change-title = Endring i snitt fra { $previous } til { $round }
chart-change-desc = Snitt per utsagn på skalaen 1–5. { $figures }.
chart-poster-line = { $label }: { $agree } enig (4–5), { $disagree } uenig (1–2)
chart-poster-title = Innovasjonsplakaten: fordeling av svar per utsagn
chart-poster-desc = Andel uenige til venstre og enige til høyre for midtlinjen. { $figures }.
chart-heat-title = Snitt per enhet og utsagn
chart-heat-desc = { $units } enheter og { $statements } utsagn; mørkere blå er høyere snitt, tallet står i hver rute. { $hidden } ruter er skjult for å verne enkeltpersoner.
chart-stair-now = snitt nå
chart-stair-goal = snitt mulig å nå (mål)
chart-stair-now-at = nå { $mean }
chart-stair-goal-at = mål { $mean }
chart-stair-step-share = trinn { $step } { $share }
chart-stair-line = { $label }: { $shares }; snitt nå { $now }, mål { $goal }
chart-stair-title = Samhandlingstrappa: hvor samarbeidet er i dag, og hva som er mulig å nå
chart-stair-desc = Trinn: { $steps }. { $figures }.

## Pages, errors and the signed-in menu

page-unavailable = Ikke tilgjengelig
page-internal = Noe gikk galt
page-internal-text = En feil hos oss hindret dette. Svaret ditt er ikke lagret; prøv igjen om litt.
page-not-found-text = Siden finnes ikke.
form-too-large = Skjemaet er for stort.
login-too-many = For mange mislykkede innlogginger. Av sikkerhetshensyn må du vente { $minutes } minutter før du prøver igjen.
admin-only = Denne siden er for administratorer. Rapportene du har tilgang til, finner du under Rapporter.
menu = Meny
menu-rounds = Runder
menu-reports = Rapporter
menu-logout = Logg ut ({ $name })
account-role-administrator = administrator
account-role-leder = leder
account-role-leser = leser
round-not-found = Runden «{ $id }» finnes ikke.
unit-not-found = Runde «{ $round }» har ingen enhet som heter «{ $unit }».
account-not-found = Brukeren «{ $name }» finnes ikke.
account-exists = Det finnes allerede en bruker som heter «{ $name }».
report-unknown-kind = Ukjent rapporttype «{ $kind }» (leader, summary eller unit med unit=ENHET).
report-forbidden = Som { $role } har du ikke tilgang til denne rapporten.
report-json-forbidden = Som { $role } har du ikke tilgang til tallene bak rapportene.
report-min-n = min_n må være minst 3.
report-min-n-admin-only = Bare en administrator kan velge en annen minste gruppestørrelse enn rundens egen.
report-pdf-unavailable = PDF krever Chromium på serveren (apt-get install chromium). HTML-rapporten kan skrives ut fra nettleseren.
reports-title = Rapporter
reports-signed-in-as = Du er logget inn som { $role }. Tall vises bare for grupper med minst fem svar.
reports-unit-hint = Enhetsrapportene finner du på siden for hver runde.
reports-round = (runde { $id })
reports-read = les
reports-download-pdf = last ned PDF
reports-json = tallene (JSON)
reports-none = Det finnes ingen runder ennå.

## Admin

admin-rounds-title = Runder
admin-rounds-caption = Alle runder, nyeste først
admin-col-round = Runde
admin-col-title = Tittel
admin-col-status = Status
admin-col-responses = Svar
admin-col-action = Handling
admin-col-invited = Invitert
admin-status-open = Åpen
admin-status-closed = Stengt
admin-form-link = skjema
admin-close = Steng { $id }
admin-open = Åpne { $id }
admin-new-round = Ny runde
admin-new-name = Navn på ny runde (f.eks. året)
admin-new-like = Med enheter og samarbeidspartnere fra
admin-new-submit = Opprett runde
admin-new-name-invalid = Navnet kan ikke brukes på en runde: bruk bare a–z, 0–9, _ og - (f.eks. 2027).
admin-new-name-taken = Det finnes allerede en runde som heter «{ $id }». Velg et annet navn.
admin-no-rounds = Ingen runder ennå. Opprett en med <code>trappa round create NAVN --file RUNDE.toml</code>, eller prøv <code>trappa demo</code>.
admin-round-created = Runde { $id } er opprettet (stengt). Åpne den når den skal ta imot svar.
admin-round-opened = Runde { $id } er åpnet.
admin-round-closed = Runde { $id } er stengt.
admin-access-code = Runde { $id } krever nå invitasjonskode.
admin-access-open = Runde { $id } tar nå imot svar fra alle med lenken.
admin-delete-unconfirmed = Ingenting er slettet: skriv «{ $id }» i feltet for å bekrefte.
admin-deleted = Slettet { $count } svar fra runde { $id }. Slettingen er ført i revisjonsloggen.
admin-round-title = Runde { $id }
admin-round-is-open = Runde { $id } er <strong>åpen</strong>
admin-round-is-closed = Runde { $id } er <strong>stengt</strong>
admin-round-form-link = lenke til skjemaet
admin-round-total = { $count } svar.
admin-round-total-rate = { $count } svar ({ $rate } av { $invited } inviterte).
admin-by-unit = Svar per enhet
admin-by-role = Svar per rolle
admin-access = Tilgang til skjemaet
admin-access-code-text = Svar krever en <strong>invitasjonskode</strong>. Lag koder og brev med <code>trappa invite --round { $id } --unit ENHET --count N</code>.
admin-access-open-text = Alle med lenken kan svare (<strong>åpen lenke</strong>).
admin-codes = Invitasjonskoder per enhet
admin-codes-made = Laget
admin-codes-used = Brukt
admin-access-make-open = Slipp inn svar uten kode (åpen lenke)
admin-access-make-code = Krev invitasjonskode
admin-unit-reports = Enhetsrapporter
admin-download-csv = Last ned svarene som CSV
admin-delete = Slett svarene
admin-delete-text = Alle { $count } svar i runde { $id } slettes for godt. Last ned en kopi først om dere trenger den. Slettingen føres i revisjonsloggen.
admin-delete-confirm = Skriv «{ $id }» for å bekrefte
admin-delete-submit = Slett svarene i runde { $id }

## Invitation letters

letter-title = Invitasjoner
letter-label = Invitasjon { $number }
letter-heading = Du er invitert til å svare på «{ $title }»
letter-about = Undersøkelsen handler om hvordan enheten din samarbeider med andre og arbeider med nye løsninger. Den tar 3–5 minutter.
letter-how = Skann koden med mobilen, eller gå til <strong>{ $start }</strong> og skriv inn koden:
letter-qr = QR-kode som åpner undersøkelsen med koden fylt ut
letter-anonymous = Koden kan brukes én gang. Svaret ditt er anonymt: koden lagres ikke sammen med svaret, og ingen kan se hvilken kode som ga hvilket svar. Resultater vises bare for grupper med nok svar.
letter-link = Lenke
reports-open-round = Runden er åpen. Resultatene kommer når den er stengt; til da ser du bare hvor mange som har svart, og bare der det ikke kan røpe hvem.
reports-open-counts = Svar så langt i runde { $id }
report-round-open = Runde { $id } er åpen. Resultatene kan leses når runden er stengt.
report-not-shown = ikke vist
report-k-override = Laget med minste gruppestørrelse { $k }, ikke rundens { $round_k }. Ikke for deling.
report-no-comparison = Ingen sammenligning med { $previous }: runden har for få svar til at tall kan vises.
admin-create-failed = Runde { $id } kunne ikke lages av den valgte runden. Prøv igjen, eller lag den med trappa round create.
report-pdf-busy = Serveren skriver ut mange PDF-er akkurat nå. Prøv igjen om litt.
