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

## Reports

report-head-round = { $municipality } kommune · runde { $round }
report-head-compared = (samanlikna med { $previous })
report-made-from-file = Laga { $date } frå CSV-fila { $file }
report-made-from-database = Laga { $date } frå databasen
report-fingerprint = datagrunnlag
print-page = Side
print-page-of = av
report-hidden = skjult
report-better = betre
report-worse = svakare
report-small-change = lita endring
report-series-break = endra ordlyd – brot i serien
report-new-wording = ny ordlyd
report-no-meaningful-change = inga meiningsfull endring
report-col-no = Nr.
report-col-statement = Utsegn
report-col-mean = Snitt
report-col-sd = Std.avv.
report-col-mean-in = Snitt { $round }
report-col-change-ci = Endring [95 % KI]
report-col-change-from = Endring frå { $previous }
report-col-change-from-ci = Endring frå { $previous } [95 % KI]
report-col-partner = Samarbeid med
report-col-step-pct = % trinn { $step }
report-col-median-now = Median no
report-col-mean-goal = Snitt mål
report-col-mean-gap = Snitt avstand
report-col-pct-up = % ser eitt steg opp
report-col-median = Median
report-col-now = No
report-col-goal = Mål
report-col-gap = Avstand
report-col-round = Runde
report-col-total = Totalt
report-col-unit = Eining
report-col-invited-in = Invitert { $round }
report-col-rate = Svarprosent
report-col-answer = Svar
report-col-count = Tal
report-col-share = Del
report-col-municipality = Kommunen
report-col-municipality-now = Kommunen no
report-col-municipality-goal = Kommunen mål
report-col-difference = Skilnad
report-method = Tal blir berre viste der dei byggjer på minst { $k } svar, og berre slik at ingen kan rekne seg fram til tal for færre: der ei gruppe er skjult, blir så mange andre skjulte at dei skjulte til saman har minst { $k } svar. Resultat frå ein open runde blir ikkje viste. «Veit ikkje» og ubesvart blir ikkje rekna som svar. n er talet på svar som talet byggjer på; målet på trappa gjeld dei som har svart både «no» og «mål». Ei endring blir kalla meiningsfull når 95 %-konfidensintervallet (Welch) ikkje inneheld 0 og endringa er minst { $min_change } på skalaen.
report-method-invalid = { $count ->
    [one] Eitt ugyldig talsvar i datagrunnlaget er behandla som ubesvart.
   *[other] { $count } ugyldige talsvar i datagrunnlaget er behandla som ubesvart.
}
report-leader-title = Leiarrapport
report-leader-heading = Samhandling og innovasjon { $round } – leiarrapport
report-leader-lead = { $count } svar i { $round }. Rapporten viser heile kommunen, kvar rolle og kvar eining, med fritekst.
report-leader-lead-compared = { $count } svar i { $round }, { $previous_count } i { $previous }. Rapporten viser heile kommunen, kvar rolle og kvar eining, med fritekst.
report-counts = Tal på svar
report-counts-by-role = Svar per rolle og runde
report-counts-by-unit = Svar per eining og runde
report-counts-caption = Svar per eining i { $round }. Tala står i tabellen over.
report-stair = Samhandlingstrappa
report-stair-caption = Søylene viser kor stor del som plasserer samarbeidet på kvart trinn i dag; linjene viser snittet no og snittet for kva som er mogleg å nå. Trinn: { $steps }.
report-stair-table = Samhandlingstrappa, heile kommunen { $round }
report-stair-change = Endring i snitt trinn no frå { $previous }
report-poster = Innovasjonsplakaten
report-poster-caption = Ueinige (1–2) til venstre og einige (4–5) til høgre; det nøytrale svaret (3) er delt på midtlinja. Skala: { $scale }.
report-poster-table = Innovasjonsplakaten, heile kommunen { $round }
report-change-caption = Snitt { $previous } (open sirkel) og { $round } (fylt). ▲/▼ markerer meiningsfulle endringar.
report-answers-total = Svar i alt
report-by-role = Per rolle
report-by-role-table = Snitt per utsegn og rolle, { $round }
report-by-unit = Per eining
report-heat-caption = Snitt per eining og utsegn. Blanke ruter er skjulte.
report-unit-hidden = Tala for denne eininga blir ikkje viste, slik at ingen kan rekne seg fram til kva einskildpersonar har svart.
report-unit-poster = { $unit }: innovasjonsplakaten (n = { $count })
report-unit-stair = { $unit }: samhandlingstrappa
report-notes = Kommentarar
report-notes-intro = Fritekst frå einingar med minst { $k } svar der talet blir vist, sortert alfabetisk (ikkje i den rekkjefølgja dei kom inn).
report-notes-none = Ingen kommentarar å vise.
report-summary-title = Samandrag for folkevalde
report-summary-heading = Samhandling og innovasjon i { $municipality } { $round }
report-key-respondents = svar i { $round }
report-key-respondents-compared = svar i { $round } ({ $previous_count } i { $previous })
report-key-highest = høgaste snitt (utsegn { $label }, skala 1–5)
report-key-lowest = lågaste snitt (utsegn { $label })
report-in-short = Kort fortalt
report-summary-stair-caption = Del på kvart trinn i dag, og snitt no og mål. Trinn: { $steps }.
report-summary-poster = Innovasjonsplakaten: sterkast og svakast
report-summary-poster-table = Dei tre utsegnene med høgast og lågast snitt (skala 1–5)
report-strongest = Sterkast
report-weakest = Svakast
report-unit-title = Einingsrapport { $unit }
report-unit-heading = { $unit } – samhandling og innovasjon { $round }
report-unit-report-hidden = Tala for { $unit } i { $round } blir ikkje viste, slik at ingen kan rekne seg fram til kva einskildpersonar har svart. Tala for heile kommunen står i leiarrapporten.
report-unit-lead = { $count } svar frå { $unit }, samanlikna med heile kommunen ({ $total } svar).
report-unit-poster-table = Snitt for { $unit } og heile kommunen
report-unit-stair-table = Snitt trinn no og mål: { $unit } og heile kommunen

## Plain-language sentences in the summary

sentence-respondents = { $count } personar svarte i { $round }.
sentence-too-few = For få svarte i { $round } til at tal kan visast utan å røpe kva einskildpersonar har svart.
sentence-respondents-compared = { $count } personar svarte i { $round }, mot { $previous-count } i { $previous }.
sentence-strongest = Flest er einige i at { $statement } (snitt { $mean } av 5).
sentence-weakest = Minst einigheit er det om at { $statement } (snitt { $mean } av 5).
sentence-change-item = { $label } (frå { $from } til { $to })
sentence-no-change = Ingen av utsegnene har endra seg meiningsfullt sidan { $previous }.
sentence-better = Betre enn i { $previous }: utsegn { $items }.
sentence-worse = Svakare enn i { $previous }: utsegn { $items }.
sentence-series-break = Utsegn { $labels } fekk ny ordlyd og kan ikkje samanliknast med { $previous }.
sentence-stair-range = Samarbeidet står sterkast med { $best } (trinn { $best-mean } i snitt) og svakast med { $worst } (trinn { $worst-mean }).
sentence-largest-gap = Størst skilnad mellom kvar samarbeidet er og kva som er mogleg å nå, ser dei tilsette med { $partner }: { $gap } trinn i snitt.

## Charts (title, description and labels inside the picture)

chart-too-few = færre enn { $k } svar – skjult
chart-count-hidden = skjult
chart-count-title = Tal på svar per eining
chart-count-desc = { $units } einingar, { $shown } vist med tal på svar; tala står òg i tabellen.
chart-change-legend = ▲/▼ = meiningsfull endring
chart-change-break = endra ordlyd – ikkje samanliknbar
chart-change-too-few = for få svar til å samanlikne
chart-change-meaningful = { $line } (meiningsfull endring)
chart-change-title = Endring i snitt frå { $previous } til { $round }
chart-change-desc = Snitt per utsegn på skalaen 1–5. { $figures }.
chart-poster-line = { $label }: { $agree } einig (4–5), { $disagree } ueinig (1–2)
chart-poster-title = Innovasjonsplakaten: fordeling av svar per utsegn
chart-poster-desc = Del ueinige til venstre og einige til høgre for midtlinja. { $figures }.
chart-heat-title = Snitt per eining og utsegn
chart-heat-desc = { $units } einingar og { $statements } utsegner; mørkare blå er høgare snitt, talet står i kvar rute. { $hidden } ruter er skjulte for å verne einskildpersonar.
chart-stair-now = snitt no
chart-stair-goal = snitt mogleg å nå (mål)
chart-stair-now-at = no { $mean }
chart-stair-goal-at = mål { $mean }
chart-stair-step-share = trinn { $step } { $share }
chart-stair-line = { $label }: { $shares }; snitt no { $now }, mål { $goal }
chart-stair-title = Samhandlingstrappa: kvar samarbeidet er i dag, og kva som er mogleg å nå
chart-stair-desc = Trinn: { $steps }. { $figures }.

## Pages, errors and the signed-in menu

page-unavailable = Ikkje tilgjengeleg
page-internal = Noko gjekk gale
page-internal-text = Ein feil hos oss hindra dette. Svaret ditt er ikkje lagra; prøv igjen om litt.
page-not-found-text = Sida finst ikkje.
form-too-large = Skjemaet er for stort.
login-too-many = For mange mislukka innloggingar. Av omsyn til tryggleiken må du vente { $minutes } minutt før du prøver igjen.
admin-only = Denne sida er for administratorar. Rapportane du har tilgang til, finn du under Rapportar.
menu = Meny
menu-rounds = Rundar
menu-reports = Rapportar
menu-logout = Logg ut ({ $name })
account-role-administrator = administrator
account-role-leder = leiar
account-role-leser = lesar
round-not-found = Runden «{ $id }» finst ikkje.
unit-not-found = Runde «{ $round }» har inga eining som heiter «{ $unit }».
account-not-found = Brukaren «{ $name }» finst ikkje.
account-exists = Det finst alt ein brukar som heiter «{ $name }».
report-unknown-kind = Ukjend rapporttype «{ $kind }» (leader, summary eller unit med unit=EINING).
report-forbidden = Som { $role } har du ikkje tilgang til denne rapporten.
report-json-forbidden = Som { $role } har du ikkje tilgang til tala bak rapportane.
report-min-n = min_n må vere minst 3.
report-min-n-admin-only = Berre ein administrator kan velje ein annan minste gruppestorleik enn den runden har.
report-pdf-unavailable = PDF krev Chromium på tenaren (apt-get install chromium). HTML-rapporten kan skrivast ut frå nettlesaren.
reports-title = Rapportar
reports-signed-in-as = Du er logga inn som { $role }. Tal blir berre vist for grupper med minst fem svar.
reports-unit-hint = Einingsrapportane finn du på sida for kvar runde.
reports-round = (runde { $id })
reports-read = les
reports-download-pdf = last ned PDF
reports-json = tala (JSON)
reports-none = Det finst ingen rundar enno.

## Admin

admin-rounds-title = Rundar
admin-rounds-caption = Alle rundar, nyaste først
admin-col-round = Runde
admin-col-title = Tittel
admin-col-status = Status
admin-col-responses = Svar
admin-col-action = Handling
admin-col-invited = Invitert
admin-status-open = Open
admin-status-closed = Stengd
admin-form-link = skjema
admin-close = Steng { $id }
admin-open = Opne { $id }
admin-new-round = Ny runde
admin-new-name = Namn på ny runde (til dømes året)
admin-new-like = Med einingar og samarbeidspartnarar frå
admin-new-submit = Opprett runde
admin-new-name-invalid = Namnet kan ikkje brukast på ein runde: bruk berre a–z, 0–9, _ og - (t.d. 2027).
admin-new-name-taken = Det finst alt ein runde som heiter «{ $id }». Vel eit anna namn.
admin-no-rounds = Ingen rundar enno. Opprett ein med <code>trappa round create NAMN --file RUNDE.toml</code>, eller prøv <code>trappa demo</code>.
admin-round-created = Runde { $id } er oppretta (stengd). Opne han når han skal ta imot svar.
admin-round-opened = Runde { $id } er opna.
admin-round-closed = Runde { $id } er stengd.
admin-access-code = Runde { $id } krev no invitasjonskode.
admin-access-open = Runde { $id } tek no imot svar frå alle med lenka.
admin-delete-unconfirmed = Ingenting er sletta: skriv «{ $id }» i feltet for å stadfeste.
admin-deleted = Sletta { $count } svar frå runde { $id }. Slettinga er ført i revisjonsloggen.
admin-round-title = Runde { $id }
admin-round-is-open = Runde { $id } er <strong>open</strong>
admin-round-is-closed = Runde { $id } er <strong>stengd</strong>
admin-round-form-link = lenke til skjemaet
admin-round-total = { $count } svar.
admin-round-total-rate = { $count } svar ({ $rate } av { $invited } inviterte).
admin-by-unit = Svar per eining
admin-by-role = Svar per rolle
admin-access = Tilgang til skjemaet
admin-access-code-text = Svar krev ein <strong>invitasjonskode</strong>. Lag kodar og brev med <code>trappa invite --round { $id } --unit EINING --count N</code>.
admin-access-open-text = Alle med lenka kan svare (<strong>open lenke</strong>).
admin-codes = Invitasjonskodar per eining
admin-codes-made = Laga
admin-codes-used = Brukt
admin-access-make-open = Slepp inn svar utan kode (open lenke)
admin-access-make-code = Krev invitasjonskode
admin-unit-reports = Einingsrapportar
admin-download-csv = Last ned svara som CSV
admin-delete = Slett svara
admin-delete-text = Alle { $count } svar i runde { $id } blir sletta for godt. Last ned ein kopi først om de treng han. Slettinga blir ført i revisjonsloggen.
admin-delete-confirm = Skriv «{ $id }» for å stadfeste
admin-delete-submit = Slett svara i runde { $id }

## Invitation letters

letter-title = Invitasjonar
letter-label = Invitasjon { $number }
letter-heading = Du er invitert til å svare på «{ $title }»
letter-about = Undersøkinga handlar om korleis eininga di samarbeider med andre og arbeider med nye løysingar. Ho tek 3–5 minutt.
letter-how = Skann koden med mobilen, eller gå til <strong>{ $start }</strong> og skriv inn koden:
letter-qr = QR-kode som opnar undersøkinga med koden fylt ut
letter-anonymous = Koden kan brukast éin gong. Svaret ditt er anonymt: koden blir ikkje lagra saman med svaret, og ingen kan sjå kva kode som gav kva svar. Resultat blir berre vist for grupper med nok svar.
letter-link = Lenke
reports-open-round = Runden er open. Resultata kjem når han er stengd; til då ser du berre kor mange som har svart, og berre der det ikkje kan røpe kven.
reports-open-counts = Svar så langt i runde { $id }
report-round-open = Runde { $id } er open. Resultata kan lesast når runden er stengd.
report-not-shown = ikkje vist
report-k-override = Laga med minste gruppestorleik { $k }, ikkje runden sin { $round_k }. Ikkje for deling.
report-no-comparison = Inga samanlikning med { $previous }: runden har for få svar til at tal kan visast.
admin-create-failed = Runde { $id } kunne ikkje lagast av den valde runden. Prøv igjen, eller lag han med trappa round create.
report-pdf-busy = Tenaren skriv ut mange PDF-ar akkurat no. Prøv igjen om litt.
